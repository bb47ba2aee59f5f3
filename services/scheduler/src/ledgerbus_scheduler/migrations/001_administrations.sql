-- The administrations the scheduler syncs.
CREATE TABLE administrations (
    id text PRIMARY KEY,
    tenant_id text NOT NULL,
    package text NOT NULL,
    connection_id text,
    external_id text NOT NULL,
    name text NOT NULL,
    timezone text NOT NULL DEFAULT 'Europe/Amsterdam',
    window_start time NOT NULL DEFAULT '01:00',
    window_end time NOT NULL DEFAULT '05:00',
    sync_from date,
    enabled boolean NOT NULL DEFAULT true,
    connector_version text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX administrations_by_tenant ON administrations (tenant_id);

-- Every sync the scheduler requested: an outbox (published_at) and the dedup window (ended_at).
CREATE TABLE sync_requests (
    sync_id text PRIMARY KEY,
    administration_id text NOT NULL REFERENCES administrations (id) ON DELETE CASCADE,
    mode text NOT NULL,
    trigger text NOT NULL,
    entity_types text[] NOT NULL,
    since date,
    request jsonb NOT NULL,
    traceparent text,
    created_at timestamptz NOT NULL,
    published_at timestamptz,
    ended_at timestamptz,
    outcome text
);
CREATE INDEX sync_requests_unpublished ON sync_requests (created_at) WHERE published_at IS NULL;
CREATE INDEX sync_requests_active ON sync_requests (administration_id) WHERE ended_at IS NULL;
