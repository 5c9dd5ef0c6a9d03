-- 0001: the first schema. Times are Unix microseconds (UTC).

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
	email         TEXT    NOT NULL DEFAULT '',
	password_hash TEXT    NOT NULL,
	role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
	token_hash  TEXT    PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_secret BLOB    NOT NULL,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE integrations (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE,
	label      TEXT    NOT NULL DEFAULT '',
	created_by TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_by TEXT    NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL
);

CREATE TABLE spec_versions (
	integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
	version        INTEGER NOT NULL,
	spec_text      TEXT    NOT NULL,
	author         TEXT    NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	valid          INTEGER NOT NULL,
	PRIMARY KEY (integration_id, version)
);

CREATE TABLE orgs (
	id            INTEGER PRIMARY KEY,
	alias         TEXT    NOT NULL UNIQUE,
	kind          TEXT    NOT NULL CHECK (kind IN ('production', 'sandbox', 'custom')),
	login_url     TEXT    NOT NULL,
	instance_url  TEXT    NOT NULL,
	sf_org_id     TEXT    NOT NULL DEFAULT '',
	username      TEXT    NOT NULL DEFAULT '',
	api_version   TEXT    NOT NULL DEFAULT '',
	status        TEXT    NOT NULL CHECK (status IN ('connected', 'reconnect_required')),
	access_token  BLOB,
	refresh_token BLOB,
	connected_at  INTEGER NOT NULL,
	last_used_at  INTEGER
);

CREATE TABLE deployments (
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
	status         TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'canceled')),
	finished_at    INTEGER
);
CREATE INDEX deployments_integration ON deployments(integration_id);

CREATE TABLE deployment_jobs (
	id                  INTEGER PRIMARY KEY,
	deployment_id       INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
	org_id              INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
	org_alias           TEXT    NOT NULL,
	status              TEXT    NOT NULL CHECK (status IN ('queued', 'deploying', 'polling', 'succeeded', 'failed', 'canceled')),
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
	finished_at         INTEGER
);
CREATE INDEX deployment_jobs_deployment ON deployment_jobs(deployment_id);
CREATE INDEX deployment_jobs_open ON deployment_jobs(status)
	WHERE status IN ('queued', 'deploying', 'polling');

CREATE TABLE audit_log (
	id     INTEGER PRIMARY KEY,
	at     INTEGER NOT NULL,
	actor  TEXT    NOT NULL,
	action TEXT    NOT NULL,
	target TEXT    NOT NULL DEFAULT '',
	detail TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE settings (
	key        TEXT    PRIMARY KEY,
	value      BLOB,
	secret     INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
