-- Every connection belongs to one tenant. Existing connections take the tenant of the
-- syncs that ran through them when those all named one tenant; any other (never used,
-- or used by several tenants) stays without one: only the operator sees it, nothing
-- syncs through it, until the operator assigns a tenant (PUT /v1/connections/{id}).
ALTER TABLE connections ADD COLUMN tenant_id text;
UPDATE connections c SET tenant_id = used.tenant_id
FROM (
    SELECT request->>'connection_id' AS connection_id, min(request->>'tenant_id') AS tenant_id
    FROM sync_jobs
    WHERE request->>'connection_id' IS NOT NULL
    GROUP BY request->>'connection_id'
    HAVING count(DISTINCT request->>'tenant_id') = 1
) AS used
WHERE used.connection_id = c.id;
CREATE INDEX connections_by_tenant ON connections (tenant_id);
