-- Order imports over HTTP run as background jobs: the upload is streamed to disk, the job row holds its state
-- and progress, and each batch of orders commits together with the position it reached, so a job interrupted by
-- a restart resumes after its last committed row without importing anything twice.
CREATE TABLE order_import_jobs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  file_name text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  file_key text NOT NULL,
  file_size bigint NOT NULL,
  bytes_read bigint NOT NULL DEFAULT 0,
  create_products boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  rows_done integer NOT NULL DEFAULT 0,
  orders_imported integer NOT NULL DEFAULT 0,
  orders_skipped integer NOT NULL DEFAULT 0,
  lines_imported integer NOT NULL DEFAULT 0,
  products_created integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  error text,
  heartbeat_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX order_import_jobs_pending_idx ON order_import_jobs (state, heartbeat_at) WHERE state IN ('queued', 'running');

-- The rejected-rows report, one row per file line: written in the batch that read the line, so a resumed job
-- cannot report a line twice.
CREATE TABLE order_import_rejections (
  tenant_id uuid NOT NULL,
  job_id uuid NOT NULL,
  line integer NOT NULL,
  order_number text,
  reason text NOT NULL,
  PRIMARY KEY (tenant_id, job_id, line),
  FOREIGN KEY (tenant_id, job_id) REFERENCES order_import_jobs (tenant_id, id)
);
