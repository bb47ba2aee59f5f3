-- The connections of a connector service, whatever its package: one row per connection,
-- its credentials encrypted at rest (Fernet): OAuth2 tokens, or an API/client key.
-- Idempotent: schemas deployed before the kit owned this table ran the packages' own
-- 001_connections and 002_connection_tenant, whose tables this completes; in a new schema
-- it creates the table. Credential columns are nullable (each package fills its kind).
CREATE TABLE IF NOT EXISTS connections (
    id text PRIMARY KEY,
    state text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE connections
    ADD COLUMN IF NOT EXISTS state_reason text,
    ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN IF NOT EXISTS access_token bytea,
    ADD COLUMN IF NOT EXISTS refresh_token bytea,
    ADD COLUMN IF NOT EXISTS access_token_issued_at timestamptz,
    ADD COLUMN IF NOT EXISTS access_token_expires_at timestamptz,
    ADD COLUMN IF NOT EXISTS client_key bytea;
-- Every connection belongs to one tenant. Where the column is new, existing connections
-- take the tenant of the syncs that ran through them when those all named one tenant; any
-- other stays without one: only the operator sees it, nothing syncs through it, until the
-- operator assigns a tenant (PUT /v1/connections/{id}). Where it exists, nothing changes.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'connections'
            AND column_name = 'tenant_id'
    ) THEN
        ALTER TABLE connections ADD COLUMN tenant_id text;
        UPDATE connections c SET tenant_id = used.tenant_id
        FROM (
            SELECT request->>'connection_id' AS connection_id,
                min(request->>'tenant_id') AS tenant_id
            FROM sync_jobs
            WHERE request->>'connection_id' IS NOT NULL
            GROUP BY request->>'connection_id'
            HAVING count(DISTINCT request->>'tenant_id') = 1
        ) AS used
        WHERE used.connection_id = c.id;
    END IF;
END
$$;
CREATE INDEX IF NOT EXISTS connections_by_tenant ON connections (tenant_id);
