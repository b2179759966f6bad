-- Sales: leads with grading rules, configurable pipelines (stages as data), opportunities/projects and their
-- stage history. Money is numeric(18,2) with an ISO-4217 currency.

CREATE TABLE lead_grading (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  rules jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id)
);

CREATE TABLE leads (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  company text,
  title text,
  phone text,
  email text,
  source text,
  industry text,
  province text,
  city text,
  estimated_value numeric(18, 2),
  currency char(3),
  notes text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
  score integer NOT NULL DEFAULT 0,
  grade char(1) NOT NULL DEFAULT 'D' CHECK (grade IN ('A', 'B', 'C', 'D')),
  owner_id uuid,
  converted_person_id uuid,
  converted_organisation_id uuid,
  converted_opportunity_id uuid,
  converted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX leads_status_idx ON leads (tenant_id, status, grade, id) WHERE deleted_at IS NULL;

CREATE TABLE pipelines (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sales', 'project')),
  stages jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);

CREATE TABLE opportunities (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sales', 'project')),
  pipeline_id uuid NOT NULL,
  stage_key text NOT NULL,
  stage_owner_id uuid,
  stage_entered_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  probability numeric(5, 2) NOT NULL DEFAULT 0,
  amount numeric(18, 2),
  currency char(3) NOT NULL DEFAULT 'CNY',
  expected_close_on date,
  organisation_id uuid,
  person_id uuid,
  owner_id uuid,
  lead_id uuid,
  description text,
  quote_id uuid,
  contract_id uuid,
  win_reason text,
  loss_reason text,
  custom jsonb NOT NULL DEFAULT '{}',
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id)
);
CREATE INDEX opportunities_board_idx ON opportunities (tenant_id, pipeline_id, stage_key, id) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_forecast_idx ON opportunities (tenant_id, status, expected_close_on) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_org_idx ON opportunities (tenant_id, organisation_id) WHERE deleted_at IS NULL;

-- One row per stay in a stage: who was responsible, when it started and ended (time in stage).
CREATE TABLE opportunity_stage_history (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  opportunity_id uuid NOT NULL,
  stage_key text NOT NULL,
  owner_id uuid,
  entered_at timestamptz NOT NULL,
  left_at timestamptz,
  moved_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id)
);
CREATE INDEX opportunity_stage_history_idx ON opportunity_stage_history (tenant_id, opportunity_id, entered_at);
