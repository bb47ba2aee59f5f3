-- The scope of each sync (issue 19): the date range it read, whether it replaced the
-- mirror and who asked; what it trimmed (records dated before sync_from) and replaced.
ALTER TABLE syncs
    ADD COLUMN scope jsonb,
    ADD COLUMN trimmed jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN replaced jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Why a record was soft-deleted, where it was not the package's own delete.
ALTER TABLE gl_accounts ADD COLUMN deleted_reason text;
ALTER TABLE vat_codes ADD COLUMN deleted_reason text;
ALTER TABLE daybooks ADD COLUMN deleted_reason text;
ALTER TABLE cost_centers ADD COLUMN deleted_reason text;
ALTER TABLE cost_units ADD COLUMN deleted_reason text;
ALTER TABLE projects ADD COLUMN deleted_reason text;
ALTER TABLE contacts ADD COLUMN deleted_reason text;
ALTER TABLE fiscal_periods ADD COLUMN deleted_reason text;
ALTER TABLE payment_terms ADD COLUMN deleted_reason text;
ALTER TABLE transaction_lines ADD COLUMN deleted_reason text;
