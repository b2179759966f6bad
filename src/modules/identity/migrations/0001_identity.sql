-- Identity resolution: every record received (touchpoint) kept as received and linked to one person, the imports
-- that produced them, the review queue of uncertain pairs (decisions remembered) and reversible merges.

CREATE TABLE identity_touchpoints (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  -- Deterministic for imports (source, file hash, line) so that a re-run inserts nothing twice.
  touchpoint_key text NOT NULL,
  source text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  raw jsonb NOT NULL,
  normalised jsonb NOT NULL,
  -- The person this record belongs to. No foreign key: an import plans the id before the directory creates the
  -- person (status 'pending'), so that a run killed in between finishes the same person instead of a second one.
  person_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'linked')),
  link_kind text NOT NULL CHECK (link_kind IN ('created', 'matched', 'manual', 'merged')),
  match_probability double precision,
  explanation jsonb,
  import_id uuid,
  line integer,
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, touchpoint_key)
);
CREATE INDEX identity_touchpoints_person_idx ON identity_touchpoints (tenant_id, person_id, received_at);
CREATE INDEX identity_touchpoints_pending_idx ON identity_touchpoints (tenant_id, import_id) WHERE status = 'pending';

CREATE TABLE identity_imports (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  source text NOT NULL,
  file_name text NOT NULL,
  content_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done')),
  rows_read integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  matched integer NOT NULL DEFAULT 0,
  review integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, source, content_hash)
);

-- Uncertain pairs, one row per unordered pair of people (left_id < right_id): a decided pair is never asked again.
CREATE TABLE identity_review_pairs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  left_id uuid NOT NULL,
  right_id uuid NOT NULL,
  probability double precision NOT NULL,
  explanation jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'same', 'different')),
  decided_by uuid,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, left_id, right_id),
  CHECK (left_id < right_id)
);
CREATE INDEX identity_review_open_idx ON identity_review_pairs (tenant_id, probability DESC, id) WHERE status = 'open';

-- A merge records the exact prior state of everything it moved, so that un-merge puts it back.
CREATE TABLE identity_merges (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  survivor_id uuid NOT NULL,
  merged_id uuid NOT NULL,
  prior_state jsonb NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  merged_by uuid,
  undone_at timestamptz,
  undone_by uuid,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX identity_merges_person_idx ON identity_merges (tenant_id, merged_id) WHERE undone_at IS NULL;
