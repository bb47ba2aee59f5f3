-- The schedule: the next night each administration is due, and when (indexed, so that a
-- tick reads only what is due, whatever the number of administrations).
ALTER TABLE administrations
    ADD COLUMN next_night date,
    ADD COLUMN next_run_at timestamptz,
    ADD COLUMN upgrade_full_on date,
    ADD COLUMN upgrade_version text;
CREATE INDEX administrations_due ON administrations (next_run_at) WHERE enabled;
