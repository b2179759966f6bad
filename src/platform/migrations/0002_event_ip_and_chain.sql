-- The audit trail is the outbox itself (every write already appends an event in its own transaction, with actor,
-- request id and before/after), sealed into a hash chain: each sealed event's hash covers its content and the
-- previous hash, so editing or deleting any sealed event breaks every later link. Sealing runs after the write,
-- so writers never wait on the chain head.
ALTER TABLE events ADD COLUMN ip text;
ALTER TABLE events ADD COLUMN chain_pos bigint;
ALTER TABLE events ADD COLUMN prev_hash text;
ALTER TABLE events ADD COLUMN hash text;
CREATE UNIQUE INDEX events_chain_pos_idx ON events (chain_pos) WHERE chain_pos IS NOT NULL;
CREATE INDEX events_unsealed_idx ON events (seq) WHERE chain_pos IS NULL;
CREATE INDEX events_actor_idx ON events (tenant_id, actor_id, seq);
CREATE INDEX events_type_idx ON events (tenant_id, type, seq);
