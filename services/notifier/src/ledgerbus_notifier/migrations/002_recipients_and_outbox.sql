-- Who is told what, per administration and per tenant.
CREATE TABLE administration_recipients (
    administration_id text PRIMARY KEY,
    tenant_id text NOT NULL,
    administration_name text,
    administrators text[] NOT NULL DEFAULT '{}',
    clients text[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL
);

CREATE TABLE tenant_settings (
    tenant_id text PRIMARY KEY,
    administrators text[] NOT NULL DEFAULT '{}',
    language text NOT NULL DEFAULT 'nl',
    updated_at timestamptz NOT NULL
);

-- What a sync covered, learnt from SyncStarted, for the failure mail.
CREATE TABLE sync_scopes (
    sync_id text PRIMARY KEY,
    administration_id text NOT NULL,
    mode text NOT NULL,
    trigger text NOT NULL,
    entity_types text[] NOT NULL,
    seen_at timestamptz NOT NULL
);

-- The sent-log is also the outbox: one row per notification and recipient.
ALTER TABLE notifications
    ADD COLUMN tenant_id text NOT NULL DEFAULT '',
    ADD COLUMN event_key text NOT NULL DEFAULT '',
    ADD COLUMN recipient text NOT NULL DEFAULT '',
    ADD COLUMN language text NOT NULL DEFAULT 'nl',
    ADD COLUMN payload jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN subject text,
    ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN last_error text,
    ADD COLUMN sent_at timestamptz,
    ADD COLUMN message_id text,
    ADD COLUMN digest_id text,
    ADD COLUMN updated_at timestamptz;
ALTER TABLE notifications ALTER COLUMN created_at DROP DEFAULT;

CREATE INDEX notifications_due ON notifications (next_attempt_at)
    WHERE state IN ('pending', 'sending');
CREATE INDEX notifications_held ON notifications (tenant_id, recipient) WHERE state = 'held';
CREATE INDEX notifications_by_recipient ON notifications (tenant_id, recipient, created_at);
CREATE INDEX notifications_by_administration ON notifications (administration_id, created_at);
