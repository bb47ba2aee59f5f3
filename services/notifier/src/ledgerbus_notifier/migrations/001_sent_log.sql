CREATE TABLE notifications (
    notification_id text PRIMARY KEY,
    administration_id text NOT NULL,
    kind text NOT NULL,
    event_type text NOT NULL,
    state text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
