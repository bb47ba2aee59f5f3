-- Typed tables, one per contract v1 entity type, the raw source record kept beside the
-- typed columns. Each column is named as the contract field it holds (a test checks that).
-- The records of the earlier generic table move over; a view keeps its name for operators.

CREATE TABLE gl_accounts (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    account_type text NOT NULL,
    balance_side text,
    vat_code text,
    blocked boolean NOT NULL,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO gl_accounts
SELECT (jsonb_populate_record(NULL::gl_accounts, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'gl_account';

CREATE TABLE vat_codes (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text NOT NULL,
    description text NOT NULL,
    percentage numeric NOT NULL,
    vat_type text NOT NULL,
    active boolean NOT NULL,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO vat_codes
SELECT (jsonb_populate_record(NULL::vat_codes, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'vat_code';

CREATE TABLE daybooks (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    daybook_type text NOT NULL,
    gl_account_code text,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO daybooks
SELECT (jsonb_populate_record(NULL::daybooks, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'daybook';

CREATE TABLE cost_centers (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO cost_centers
SELECT (jsonb_populate_record(NULL::cost_centers, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'cost_center';

CREATE TABLE cost_units (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO cost_units
SELECT (jsonb_populate_record(NULL::cost_units, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'cost_unit';

CREATE TABLE projects (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    start_date date,
    end_date date,
    active boolean NOT NULL,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO projects
SELECT (jsonb_populate_record(NULL::projects, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'project';

CREATE TABLE contacts (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    is_customer boolean NOT NULL,
    is_supplier boolean NOT NULL,
    vat_number text,
    coc_number text,
    email text,
    iban text,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO contacts
SELECT (jsonb_populate_record(NULL::contacts, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'contact';

CREATE TABLE fiscal_periods (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    fiscal_year bigint NOT NULL,
    period bigint NOT NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO fiscal_periods
SELECT (jsonb_populate_record(NULL::fiscal_periods, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'fiscal_period';

CREATE TABLE payment_terms (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    code text,
    description text,
    due_days bigint,
    due_date date,
    amount numeric,
    contact_code text,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO payment_terms
SELECT (jsonb_populate_record(NULL::payment_terms, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'payment_term';

CREATE TABLE transaction_lines (
    administration_id text NOT NULL,
    source_id text NOT NULL,
    source_version bigint NOT NULL,
    entry_id text NOT NULL,
    entry_number bigint,
    line_number bigint,
    date date NOT NULL,
    fiscal_year bigint,
    fiscal_period bigint,
    daybook_code text,
    gl_account_code text NOT NULL,
    contact_code text,
    cost_center_code text,
    cost_unit_code text,
    project_code text,
    description text,
    amount numeric NOT NULL,
    currency text NOT NULL,
    amount_fc numeric,
    vat_code text,
    vat_amount numeric,
    raw jsonb NOT NULL,
    deleted_at timestamptz,
    seen_in_sync text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (administration_id, source_id)
);
INSERT INTO transaction_lines
SELECT (jsonb_populate_record(NULL::transaction_lines, e.fields || jsonb_build_object(
    'administration_id', e.administration_id, 'source_id', e.source_id,
    'source_version', e.source_version, 'raw', e.raw, 'deleted_at', e.deleted_at,
    'seen_in_sync', e.seen_in_sync, 'updated_at', e.updated_at))).*
FROM entities e WHERE e.entity_type = 'transaction_line';

DROP TABLE entities;

-- Every record of every type, for ad-hoc queries and operators.
CREATE VIEW entities AS
SELECT administration_id, 'gl_account'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM gl_accounts
UNION ALL SELECT administration_id, 'vat_code'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM vat_codes
UNION ALL SELECT administration_id, 'daybook'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM daybooks
UNION ALL SELECT administration_id, 'cost_center'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM cost_centers
UNION ALL SELECT administration_id, 'cost_unit'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM cost_units
UNION ALL SELECT administration_id, 'project'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM projects
UNION ALL SELECT administration_id, 'contact'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM contacts
UNION ALL SELECT administration_id, 'fiscal_period'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM fiscal_periods
UNION ALL SELECT administration_id, 'payment_term'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM payment_terms
UNION ALL SELECT administration_id, 'transaction_line'::text AS entity_type, source_id, source_version, raw, deleted_at,
       seen_in_sync, updated_at FROM transaction_lines;
