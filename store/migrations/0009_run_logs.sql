-- 0009: Integration_Log__c rows read back from each org (issue 12), per
-- org and integration, and how far each org's log has been read.

CREATE TABLE run_logs (
	org_id      INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	integration TEXT    NOT NULL,
	sf_id       TEXT    NOT NULL,            -- the row's Salesforce Id
	created_at  INTEGER NOT NULL,            -- CreatedDate, unix microseconds
	flow        TEXT    NOT NULL DEFAULT '',
	step        TEXT    NOT NULL DEFAULT '',
	status      TEXT    NOT NULL DEFAULT '', -- Success, Failure, Retry
	status_code INTEGER NOT NULL DEFAULT 0,  -- 0: none
	message     TEXT    NOT NULL DEFAULT '',
	record_id   TEXT    NOT NULL DEFAULT '',
	attempt     INTEGER NOT NULL DEFAULT 0,  -- 0: none
	run_started INTEGER NOT NULL DEFAULT 0,  -- 0: none
	PRIMARY KEY (org_id, sf_id)
);

CREATE INDEX run_logs_by_time ON run_logs (org_id, integration, created_at, sf_id);

CREATE TABLE run_log_cursors (
	org_id      INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	integration TEXT    NOT NULL,
	created_at  INTEGER NOT NULL DEFAULT 0, -- newest row read: CreatedDate
	sf_id       TEXT    NOT NULL DEFAULT '', -- and Id
	synced_at   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, integration)
);
