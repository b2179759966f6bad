-- Roles, the organisation tree (company → subsidiaries/branches → teams) and record sharing.

-- Built-in roles live in code; a row here is a tenant's own version of a built-in role or a role of its own.
CREATE TABLE roles (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key text NOT NULL,
  name jsonb NOT NULL,
  permissions jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, key)
);

ALTER TABLE users ADD COLUMN role_key text NOT NULL DEFAULT 'sales';
UPDATE users SET role_key = 'admin' WHERE is_admin;

CREATE TABLE teams (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'team' CHECK (kind IN ('company', 'subsidiary', 'branch', 'department', 'team')),
  parent_id uuid,
  manager_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES teams (tenant_id, id),
  FOREIGN KEY (tenant_id, manager_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX teams_parent_idx ON teams (tenant_id, parent_id);

CREATE TABLE team_members (
  tenant_id uuid NOT NULL,
  team_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, team_id, user_id),
  FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX team_members_user_idx ON team_members (tenant_id, user_id);

-- A record shared with a user or a team, beyond what their role's visibility gives them.
CREATE TABLE record_shares (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  object_type text NOT NULL,
  object_id uuid NOT NULL,
  grantee_type text NOT NULL CHECK (grantee_type IN ('user', 'team')),
  grantee_id uuid NOT NULL,
  access text NOT NULL CHECK (access IN ('read', 'edit')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, object_type, object_id, grantee_type, grantee_id)
);
CREATE INDEX record_shares_object_idx ON record_shares (tenant_id, object_id);
CREATE INDEX record_shares_grantee_idx ON record_shares (tenant_id, grantee_id);
