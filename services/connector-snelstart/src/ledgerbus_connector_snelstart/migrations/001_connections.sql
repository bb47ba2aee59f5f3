-- SnelStart connections: one client key (koppelingsleutel) per administration, encrypted.
CREATE TABLE connections (
    id text PRIMARY KEY,
    client_key bytea NOT NULL,
    state text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
