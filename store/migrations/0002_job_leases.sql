-- 0002: a job is worked on by one process at a time. The owner renews its
-- lease while it runs; another process may take the job over once the
-- lease has lapsed (its owner died) or was released.

ALTER TABLE deployment_jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE deployment_jobs ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
