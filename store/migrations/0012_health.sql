-- 0012: the last health check of each integration in each org (issue 12),
-- for pages that show health without asking the org again.

CREATE TABLE health_reports (
	org_id      INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	integration TEXT    NOT NULL,
	status      TEXT    NOT NULL,            -- healthy, needs attention, failing, unknown
	live        INTEGER NOT NULL DEFAULT 0,  -- every checklist step passed in that check
	summary     TEXT    NOT NULL DEFAULT '', -- the first reason, for lists
	report      TEXT    NOT NULL DEFAULT '', -- the whole report, JSON
	checked_at  INTEGER NOT NULL,            -- unix microseconds
	PRIMARY KEY (org_id, integration)
);
