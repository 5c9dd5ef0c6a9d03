-- 0010: integrations can be archived (hidden from lists, kept with their
-- versions and deployments; 0 means not archived) and searched by their
-- spec's description, kept here from the newest readable version as the
-- spec name is. An archived integration keeps its spec name: the name stays
-- taken, because its components may still be installed in an org.
--
-- Existing rows start with a NULL description: Store.Open fills it from
-- each integration's newest readable version.
ALTER TABLE integrations ADD COLUMN archived_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN archived_by TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN description TEXT;
