-- The mirror: one row per (administration, entity type, source id), never hard-deleted.
CREATE TABLE entities (
    administration_id text NOT NULL,
    entity_type text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    fields jsonb NOT NULL,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,               -- the last full snapshot that contained the record
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, entity_type, source_id)
);
CREATE INDEX entities_modified ON entities (administration_id, entity_type, updated_at);

-- Every sync the ledger-store has heard of, and what it applied.
CREATE TABLE syncs (
    sync_id text PRIMARY KEY,
    administration_id text NOT NULL,
    tenant_id text,
    package text,
    mode text,
    trigger text,
    entity_types text[] NOT NULL DEFAULT '{}',
    state text NOT NULL DEFAULT 'queued',
    started_at timestamptz,
    finished_at timestamptz,
    applied jsonb NOT NULL DEFAULT '{}'::jsonb,
    deleted jsonb NOT NULL DEFAULT '{}'::jsonb,
    progress jsonb NOT NULL DEFAULT '{}'::jsonb,
    errors jsonb NOT NULL DEFAULT '[]'::jsonb,
    resume_at timestamptz,
    dossier jsonb,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX syncs_by_administration ON syncs (administration_id, started_at DESC);

-- The pages received per sync: duplicates are recognised, gaps are visible.
CREATE TABLE sync_pages (
    sync_id text NOT NULL,
    entity_type text NOT NULL,
    kind text NOT NULL,              -- upsert | delete
    page_seq integer NOT NULL,
    records integer NOT NULL,
    PRIMARY KEY (sync_id, entity_type, kind, page_seq)
);

-- Deletions a complete snapshot found but the mass-deletion guard held for an operator.
CREATE TABLE held_deletions (
    sync_id text NOT NULL,
    administration_id text NOT NULL,
    entity_type text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    PRIMARY KEY (sync_id, entity_type, source_id)
);
