-- The connector version an upgrade sync was issued for: recorded on the administration as
-- the version it was last fully synced with once that sync has completed, not before.
ALTER TABLE sync_requests ADD COLUMN connector_version text;
