-- Postings this connector sends into the package: recorded before anything is sent, so
-- that after a crash or an uncertain answer the package is asked first.
CREATE TABLE posting_attempts (
    posting_id text PRIMARY KEY,
    administration_id text NOT NULL,
    reference text NOT NULL,
    state text NOT NULL DEFAULT 'sending',
    attempts integer NOT NULL DEFAULT 0,
    outcome jsonb,
    updated_at timestamptz NOT NULL DEFAULT now()
);
