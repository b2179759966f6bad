-- The hash chain covers a digest of each payload rather than the payload itself, so that erasing a person's data
-- (PIPL/GDPR) can blank the payload and keep the chain verifiable: an erased event keeps its sealed digest, and
-- the erasure is itself an event in the chain.
ALTER TABLE events ADD COLUMN payload_digest text;
ALTER TABLE events ADD COLUMN erased_at timestamptz;
