-- The connector toolkit's durable state: one row per requested sync, and cursors.
CREATE TABLE sync_jobs (
    sync_id text PRIMARY KEY,
    administration_id text NOT NULL,
    request jsonb NOT NULL,
    traceparent text,
    state text NOT NULL DEFAULT 'queued',
    progress jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- -infinity: runnable at once, whatever the (possibly injected) clock says.
    not_before timestamptz NOT NULL DEFAULT '-infinity',
    lease_owner text,
    lease_until timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    error jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX sync_jobs_runnable ON sync_jobs (not_before)
    WHERE state IN ('queued', 'running', 'paused');

CREATE TABLE cursors (
    administration_id text NOT NULL,
    stream text NOT NULL,
    cursor text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (administration_id, stream)
);
