-- Merging duplicate organisations. The duplicate is kept (soft-deleted) and points at its survivor, so links
-- written elsewhere and the audit trail still resolve; organisation_merges stores exactly what each merge moved
-- (per module, row ids; collapsed memberships whole; the survivor's fields before they were filled in), so that
-- un-merge can put back precisely that state or refuse.
ALTER TABLE organisations ADD COLUMN merged_into_id uuid;

CREATE TABLE organisation_merges (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  survivor_id uuid NOT NULL,
  duplicate_id uuid NOT NULL,
  prior_state jsonb NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  merged_by uuid,
  undone_at timestamptz,
  undone_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, survivor_id) REFERENCES organisations (tenant_id, id),
  FOREIGN KEY (tenant_id, duplicate_id) REFERENCES organisations (tenant_id, id)
);
CREATE INDEX organisation_merges_survivor_idx ON organisation_merges (tenant_id, survivor_id, merged_at DESC);
CREATE INDEX organisation_merges_duplicate_idx ON organisation_merges (tenant_id, duplicate_id, merged_at DESC);
