-- 0004: the spec name of each integration's newest version. Generated
-- Apex classes, the permission set and more are named after it, so two
-- integrations with one spec name would overwrite each other in an org; the
-- name is unique regardless of case, as Salesforce's names are.
--
-- Existing rows start NULL (no SQL can read a spec): Store.Open fills them
-- from each integration's newest readable version, oldest integration
-- first; an integration whose name another one already holds stays NULL
-- until it is saved under a free name.
ALTER TABLE integrations ADD COLUMN spec_name TEXT;
CREATE UNIQUE INDEX integrations_spec_name ON integrations (spec_name COLLATE NOCASE) WHERE spec_name IS NOT NULL;
