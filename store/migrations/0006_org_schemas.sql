-- 0006: each connected org's schema (describeGlobal and sobject describes,
-- as JSON), when it was fetched, and the last refresh's failure, if any.

CREATE TABLE org_schemas (
	org_id     INTEGER PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
	schema     BLOB    NOT NULL DEFAULT '',
	fetched_at INTEGER NOT NULL DEFAULT 0,
	error      TEXT    NOT NULL DEFAULT '',
	error_at   INTEGER NOT NULL DEFAULT 0
);
