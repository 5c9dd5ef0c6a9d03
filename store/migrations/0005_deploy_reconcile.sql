-- 0005: deploys that never lie.
-- A job records when its deploy request was last sent (sending_at), so that
-- after a lost response or a crash the deploy can be looked for in the org
-- (Tooling API DeployRequest) before any second request. A job whose
-- outcome cannot be read from Salesforce ends 'unknown' (check the org),
-- never 'failed'; a deployment with such a job and no failed one is
-- 'unknown' too. SQLite cannot change a CHECK constraint in place, so both
-- tables are rebuilt: the new ones are created, filled, the old ones
-- dropped child first (no cascade fires) and the new ones renamed, which
-- also renames the foreign key that points at deployments.

CREATE TABLE deployments_new (
	id             INTEGER PRIMARY KEY,
	integration_id INTEGER REFERENCES integrations(id) ON DELETE SET NULL,
	spec_version   INTEGER NOT NULL DEFAULT 0,
	source         TEXT    NOT NULL CHECK (source IN ('spec', 'zip')),
	zip_name       TEXT    NOT NULL DEFAULT '',
	zip_sha256     TEXT    NOT NULL,
	zip            BLOB    NOT NULL,
	check_only     INTEGER NOT NULL,
	test_level     TEXT    NOT NULL DEFAULT '',
	run_tests      TEXT    NOT NULL DEFAULT '[]',
	created_by     TEXT    NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	status         TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'canceled', 'unknown')),
	finished_at    INTEGER
);
INSERT INTO deployments_new (id, integration_id, spec_version, source, zip_name, zip_sha256, zip, check_only, test_level,
	run_tests, created_by, created_at, status, finished_at)
	SELECT id, integration_id, spec_version, source, zip_name, zip_sha256, zip, check_only, test_level,
	run_tests, created_by, created_at, status, finished_at FROM deployments;

CREATE TABLE deployment_jobs_new (
	id                  INTEGER PRIMARY KEY,
	deployment_id       INTEGER NOT NULL REFERENCES deployments_new(id) ON DELETE CASCADE,
	org_id              INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
	org_alias           TEXT    NOT NULL,
	status              TEXT    NOT NULL CHECK (status IN ('queued', 'deploying', 'polling', 'succeeded', 'failed', 'canceled', 'unknown')),
	test_level          TEXT    NOT NULL DEFAULT '',
	async_id            TEXT    NOT NULL DEFAULT '',
	attempt             INTEGER NOT NULL DEFAULT 0,
	components_total    INTEGER NOT NULL DEFAULT 0,
	components_deployed INTEGER NOT NULL DEFAULT 0,
	component_errors    INTEGER NOT NULL DEFAULT 0,
	tests_total         INTEGER NOT NULL DEFAULT 0,
	tests_completed     INTEGER NOT NULL DEFAULT 0,
	test_errors         INTEGER NOT NULL DEFAULT 0,
	result              TEXT    NOT NULL DEFAULT '',
	error               TEXT    NOT NULL DEFAULT '',
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	started_at          INTEGER,
	last_poll_at        INTEGER,
	finished_at         INTEGER,
	owner               TEXT    NOT NULL DEFAULT '',
	lease_until         INTEGER NOT NULL DEFAULT 0,
	sending_at          INTEGER
);
INSERT INTO deployment_jobs_new (id, deployment_id, org_id, org_alias, status, test_level, async_id, attempt,
	components_total, components_deployed, component_errors, tests_total, tests_completed, test_errors,
	result, error, created_at, updated_at, started_at, last_poll_at, finished_at, owner, lease_until)
	SELECT id, deployment_id, org_id, org_alias, status, test_level, async_id, attempt,
	components_total, components_deployed, component_errors, tests_total, tests_completed, test_errors,
	result, error, created_at, updated_at, started_at, last_poll_at, finished_at, owner, lease_until FROM deployment_jobs;

DROP TABLE deployment_jobs;
DROP TABLE deployments;
ALTER TABLE deployments_new RENAME TO deployments;
ALTER TABLE deployment_jobs_new RENAME TO deployment_jobs;

CREATE INDEX deployments_integration ON deployments(integration_id);
CREATE INDEX deployment_jobs_deployment ON deployment_jobs(deployment_id);
CREATE INDEX deployment_jobs_open ON deployment_jobs(status)
	WHERE status IN ('queued', 'deploying', 'polling');
