-- Consent per channel (PIPL art. 13–14 / GDPR art. 7): every grant or withdrawal is kept, the latest one counts.
CREATE TABLE consents (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'phone', 'wechat', 'post')),
  status text NOT NULL CHECK (status IN ('granted', 'withdrawn')),
  source text NOT NULL,
  evidence text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX consents_person_idx ON consents (tenant_id, person_id, channel, recorded_at DESC);

-- An erased person keeps the row (so orders and counts still add up) but nothing that identifies them.
ALTER TABLE people ADD COLUMN erased_at timestamptz;
