-- The tenant and package administration each administration has completed a sync of:
-- a later request for the same administration id must agree (ledgerbus_connectorkit.ownership).
CREATE TABLE administration_bindings (
    administration_id text PRIMARY KEY,
    tenant_id text NOT NULL,
    external_id text NOT NULL,
    bound_at timestamptz NOT NULL DEFAULT now()
);
