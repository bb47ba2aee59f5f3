-- Postings sent into the package: recorded (with their PostEntries in the outbox) before
-- anything is sent, then the outcome the connector reported.
CREATE TABLE postings (
    posting_id text PRIMARY KEY,
    administration_id text NOT NULL,
    tenant_id text NOT NULL,
    package text NOT NULL,
    kind text NOT NULL,
    reference text NOT NULL,
    request jsonb NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    created jsonb NOT NULL DEFAULT '[]'::jsonb,
    error jsonb,
    sync_id text,
    queued_at timestamptz NOT NULL,
    sent_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX postings_by_administration ON postings (administration_id, state, queued_at);
