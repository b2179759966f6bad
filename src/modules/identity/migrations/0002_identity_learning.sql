-- Reviewers' decisions teach the model: how each pair was settled (only real decisions are training labels), and
-- the models learnt from them per tenant (the newest is the one matching uses).

ALTER TABLE identity_review_pairs ADD COLUMN decided_how text CHECK (decided_how IN ('review', 'merge', 'settled'));
-- Before this column only reviewers decided 'different'; 'same' was also written for pairs a merge merely closed.
UPDATE identity_review_pairs SET decided_how = 'review' WHERE status = 'different';

CREATE TABLE identity_models (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  params jsonb NOT NULL,
  same_count integer NOT NULL,
  different_count integer NOT NULL,
  trained_at timestamptz NOT NULL DEFAULT now(),
  trained_by uuid,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX identity_models_latest_idx ON identity_models (tenant_id, trained_at DESC);
