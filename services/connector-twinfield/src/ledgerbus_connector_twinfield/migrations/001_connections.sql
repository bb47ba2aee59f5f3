-- Twinfield OpenID Connect connections; tokens are encrypted at rest (Fernet).
CREATE TABLE connections (
    id text PRIMARY KEY,
    state text NOT NULL DEFAULT 'active',
    access_token bytea NOT NULL,
    refresh_token bytea NOT NULL,
    access_token_expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
