-- Engagement: interactions on every channel, their attachments, follow-up tasks, and the timeline projection.

CREATE TABLE interactions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('visit', 'phone', 'email', 'letter', 'fax', 'questionnaire', 'wechat', 'meeting', 'other')),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
  subject text NOT NULL,
  notes text,
  occurred_at timestamptz NOT NULL,
  duration_minutes integer,
  outcome text CHECK (outcome IN ('positive', 'neutral', 'negative', 'no_answer', 'follow_up', 'closed')),
  person_ids uuid[] NOT NULL DEFAULT '{}',
  organisation_id uuid,
  user_ids uuid[] NOT NULL DEFAULT '{}',
  related_type text,
  related_id uuid,
  follow_up_on date,
  follow_up_task_id uuid,
  -- Visits are confirmed in writing by the customer: none → pending → confirmed | disputed.
  confirmation_status text NOT NULL DEFAULT 'not_required' CHECK (confirmation_status IN ('not_required', 'pending', 'confirmed', 'disputed')),
  confirmation_attachment_id uuid,
  confirmed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX interactions_occurred_idx ON interactions (tenant_id, occurred_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX interactions_org_idx ON interactions (tenant_id, organisation_id, occurred_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX interactions_people_idx ON interactions USING gin (person_ids);

CREATE TABLE attachments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  owner_type text NOT NULL,
  owner_id uuid NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX attachments_owner_idx ON attachments (tenant_id, owner_type, owner_id) WHERE deleted_at IS NULL;

CREATE TABLE tasks (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  title text NOT NULL,
  due_on date,
  assignee_id uuid,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  person_id uuid,
  organisation_id uuid,
  source_type text,
  source_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX tasks_assignee_idx ON tasks (tenant_id, assignee_id, status, due_on) WHERE deleted_at IS NULL;

-- One row per (customer, event): the read model of the customer timeline, filled by the outbox consumer.
CREATE TABLE timeline_entries (
  tenant_id uuid NOT NULL,
  subject_id uuid NOT NULL,
  event_id uuid NOT NULL,
  subject_type text NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL,
  event_type text NOT NULL,
  aggregate_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  summary text NOT NULL,
  actor_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, subject_id, event_id)
);
CREATE INDEX timeline_entries_page_idx ON timeline_entries (tenant_id, subject_id, occurred_at DESC, seq DESC);
CREATE INDEX timeline_entries_kind_idx ON timeline_entries (tenant_id, subject_id, kind, occurred_at DESC, seq DESC);
