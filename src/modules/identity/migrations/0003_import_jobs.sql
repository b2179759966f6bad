-- Uploaded people files are streamed to disk and imported by a background job: queued → running → done | failed,
-- with progress in bytes and rows, a heartbeat (a job whose process died is taken over), and the final report.

ALTER TABLE identity_imports DROP CONSTRAINT identity_imports_status_check;
ALTER TABLE identity_imports ADD CONSTRAINT identity_imports_status_check CHECK (status IN ('queued', 'running', 'done', 'failed'));
ALTER TABLE identity_imports
  ADD COLUMN stored_path text,
  ADD COLUMN file_size bigint,
  ADD COLUMN bytes_read bigint NOT NULL DEFAULT 0,
  ADD COLUMN mapping text,
  ADD COLUMN error text,
  ADD COLUMN report jsonb,
  ADD COLUMN heartbeat_at timestamptz;
CREATE INDEX identity_imports_unfinished_idx ON identity_imports (status) WHERE status IN ('queued', 'running');
