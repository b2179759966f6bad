-- Tenants and the outbox. Every business table carries tenant_id and keys on (tenant_id, id).
CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The installation's first tenant; single-company installs never see another.
INSERT INTO tenants (id, name) VALUES ('00000000-0000-7000-8000-000000000001', 'Default');

-- The outbox: one row per change, written in the same transaction as the change itself.
-- seq gives consumers a total order; a consumer must tolerate a gap that fills in later (a slower
-- transaction can commit a lower seq after a higher one), so it re-reads from its last contiguous seq.
CREATE TABLE events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id uuid NOT NULL,
  actor_id uuid,
  request_id text,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX events_seq_idx ON events (seq);
CREATE INDEX events_aggregate_idx ON events (tenant_id, aggregate_type, aggregate_id, seq);

-- Where each consumer (timeline, analytics sync, webhooks…) has read up to.
CREATE TABLE event_consumers (
  name text PRIMARY KEY,
  last_seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
