-- Saved views of a list (people, organisations): a name, filters, sort and visible columns, kept per user and
-- optionally shared with one team (every member sees it; only the owner changes it).
CREATE TABLE saved_views (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  owner_id uuid NOT NULL,
  object_type text NOT NULL CHECK (object_type IN ('person', 'organisation')),
  name text NOT NULL,
  team_id uuid,
  filters jsonb NOT NULL DEFAULT '{}',
  sort text,
  columns text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
-- One name per user and list; the list endpoint reads a user's own views and their teams' shared ones.
CREATE UNIQUE INDEX saved_views_owner_name_idx ON saved_views (tenant_id, owner_id, object_type, name);
CREATE INDEX saved_views_team_idx ON saved_views (tenant_id, team_id, object_type) WHERE team_id IS NOT NULL;
