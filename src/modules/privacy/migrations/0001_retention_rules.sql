-- How long personal data is kept: people untouched for keep_days (optionally only of one relationship type,
-- e.g. prospects) are anonymised when retention runs.
CREATE TABLE retention_rules (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  object_type text NOT NULL CHECK (object_type IN ('person')),
  relationship_type text,
  keep_days integer NOT NULL CHECK (keep_days BETWEEN 1 AND 36500),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id)
);
