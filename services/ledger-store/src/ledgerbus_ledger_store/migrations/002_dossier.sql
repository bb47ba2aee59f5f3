-- What the client of an administration is shown, and the outbox of dossier.updates.
CREATE TABLE dossiers (
    administration_id text PRIMARY KEY,
    tenant_id text NOT NULL,
    bookkeeping_updated_until date,
    active_period text,
    booking_proposal_counter integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL
);

CREATE TABLE outbox (
    id text PRIMARY KEY,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    traceparent text,
    created_at timestamptz NOT NULL,
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
