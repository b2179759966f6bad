/**
 * Sealing and verifying the hash chain over the outbox. The content hashed is read back from PostgreSQL in a
 * canonical text form (jsonb prints deterministically; timestamps as epoch microseconds), so the same row always
 * hashes the same on PGlite and on a server.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

const GENESIS = '0'.repeat(64);
const BATCH = 2000;

type ChainRow = { seq: string; id: string; content: string; chainPos: string | null; prevHash: string | null; hash: string | null; digest: string; storedDigest: string | null; erasedAt: Date | null };

/** SHA-256 of the payload as PostgreSQL prints jsonb (deterministic). */
const digestSql = sql<string>`encode(sha256(convert_to(payload::text, 'UTF8')), 'hex')`;

/** What a link covers: every column of the event, with the payload represented by its digest. */
const contentOf = (digest: ReturnType<typeof sql.ref> | typeof digestSql) =>
  sql<string>`json_build_array(tenant_id, id, seq, type, aggregate_type, aggregate_id, actor_id, request_id, ip, (extract(epoch from occurred_at) * 1000000)::bigint, ${digest})::text`;

export function linkHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Seals every unsealed event in commit-visible order; returns how many were sealed. Safe to run concurrently. */
export async function sealPending(db: Kysely<Record<never, never>>): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction().execute(async (trx) => {
      // One sealer at a time: a second one waits, then finds nothing left to do.
      await sql`SELECT pg_advisory_xact_lock(7262018366)`.execute(trx);
      const head = await sql<{ chainPos: string; hash: string }>`SELECT chain_pos, hash FROM events WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1`.execute(trx);
      let pos = BigInt(head.rows[0]?.chainPos ?? '0');
      let prev = head.rows[0]?.hash ?? GENESIS;
      const { rows } = await sql<ChainRow>`SELECT seq, id, ${digestSql} AS digest, ${contentOf(digestSql)} AS content FROM events WHERE chain_pos IS NULL ORDER BY seq LIMIT ${BATCH}`.execute(trx);
      if (rows.length === 0) return 0;
      const updates = rows.map((row) => {
        pos += 1n;
        const hash = linkHash(prev, row.content);
        const update = sql`(${row.seq}::bigint, ${pos.toString()}::bigint, ${prev}, ${hash}, ${row.digest})`;
        prev = hash;
        return update;
      });
      await sql`UPDATE events e SET chain_pos = v.pos, prev_hash = v.prev, hash = v.hash, payload_digest = v.digest FROM (VALUES ${sql.join(updates)}) AS v(seq, pos, prev, hash, digest) WHERE e.seq = v.seq`.execute(trx);
      return rows.length;
    });
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

export type VerifyReport = { ok: boolean; checked: number; unsealed: number; problem?: { chainPos: string; eventId: string | null; reason: string } };

/** Recomputes the whole chain. Any edited, deleted or re-ordered sealed event is reported with its position. */
export async function verifyChain(db: Kysely<Record<never, never>>, onProgress?: (checked: number) => void): Promise<VerifyReport> {
  let prev = GENESIS;
  let expected = 1n;
  let checked = 0;
  for (;;) {
    const { rows } = await sql<ChainRow>`
      SELECT seq, id, chain_pos, prev_hash, hash, erased_at, payload_digest AS stored_digest, ${digestSql} AS digest, ${contentOf(sql.ref('payload_digest'))} AS content
      FROM events WHERE chain_pos >= ${expected.toString()}::bigint ORDER BY chain_pos LIMIT ${BATCH}`.execute(db);
    for (const row of rows) {
      const pos = BigInt(row.chainPos ?? '0');
      if (pos !== expected) return { ok: false, checked, unsealed: 0, problem: { chainPos: expected.toString(), eventId: null, reason: `sealed event at position ${expected} is missing (deleted?)` } };
      if (row.prevHash !== prev) return { ok: false, checked, unsealed: 0, problem: { chainPos: pos.toString(), eventId: row.id, reason: 'link to the previous event does not match' } };
      // An erased payload keeps its sealed digest; any other payload must still match it.
      if (!row.erasedAt && row.digest !== row.storedDigest) return { ok: false, checked, unsealed: 0, problem: { chainPos: pos.toString(), eventId: row.id, reason: 'content was changed after it was sealed' } };
      if (linkHash(prev, row.content) !== row.hash) return { ok: false, checked, unsealed: 0, problem: { chainPos: pos.toString(), eventId: row.id, reason: 'content was changed after it was sealed' } };
      prev = row.hash;
      expected += 1n;
      checked++;
    }
    onProgress?.(checked);
    if (rows.length < BATCH) break;
  }
  const unsealed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE chain_pos IS NULL`.execute(db);
  return { ok: true, checked, unsealed: unsealed.rows[0]?.n ?? 0 };
}

/**
 * An anchor is the chain's head (position and hash) written down outside the database. The chain alone cannot show
 * that its newest entries were removed — what is left still links up — but an anchor taken earlier can: the
 * position it names must still exist and still carry that hash (the hash covers every entry before it too).
 */
export type Anchor = { chainPos: string; hash: string };

export const ANCHOR_PATTERN = /^gxa1\.(\d{1,19})\.([0-9a-f]{64})$/;

export function formatAnchor(anchor: Anchor): string {
  return `gxa1.${anchor.chainPos}.${anchor.hash}`;
}

export function parseAnchor(text: string): Anchor | null {
  const match = ANCHOR_PATTERN.exec(text.trim());
  return match ? { chainPos: match[1] ?? '', hash: match[2] ?? '' } : null;
}

export async function chainHead(db: Kysely<Record<never, never>>): Promise<Anchor | null> {
  const { rows } = await sql<{ chainPos: string; hash: string }>`SELECT chain_pos, hash FROM events WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1`.execute(db);
  const head = rows[0];
  return head ? { chainPos: String(head.chainPos), hash: head.hash } : null;
}

/** The first anchor the chain no longer agrees with, as a verify problem; null when all agree. */
export async function checkAnchors(db: Kysely<Record<never, never>>, anchors: Anchor[]): Promise<VerifyReport['problem'] | null> {
  for (const anchor of [...anchors].sort((a, b) => (BigInt(b.chainPos) > BigInt(a.chainPos) ? 1 : -1))) {
    const { rows } = await sql<{ id: string; hash: string }>`SELECT id, hash FROM events WHERE chain_pos = ${anchor.chainPos}::bigint`.execute(db);
    const row = rows[0];
    if (!row) {
      const head = await chainHead(db);
      return { chainPos: anchor.chainPos, eventId: null, reason: `an anchor records position ${anchor.chainPos} but the chain now ends at ${head?.chainPos ?? 0}: the newest entries were removed` };
    }
    if (row.hash !== anchor.hash) return { chainPos: anchor.chainPos, eventId: row.id, reason: `the chain was rewritten up to position ${anchor.chainPos}: its hash no longer matches the anchor` };
  }
  return null;
}
