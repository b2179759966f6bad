/** Ranked lists: customers at risk or with shifted preferences, and the audience for a product. */
import { audienceForProduct } from '../models/cross-sell.model.ts';
import type { RfmSegment } from '../models/rfm.model.ts';
import { lit, type StoreConnection } from '../store/store.ts';
import { analyticsErrors } from '../analytics.errors.ts';
import type { Audience, Signals, SignalsQuery } from './analytics.schema.ts';
import { productNames, rulesOf } from './rules.ts';

export async function signalsOf(db: StoreConnection, tenantId: string, visible: string, asOf: string, query: SignalsQuery): Promise<Omit<Signals, 'derivedAt' | 'currency'>> {
  const score = query.kind === 'churn' ? 'churn_score' : 'preference_score';
  const rows = await db.all(`SELECT s.customer_id, c.name, c.owner_id, s.${score}::DOUBLE AS score, s.segment, s.monetary, s.p_alive, s.churn, s.preferences
    FROM customer_scores s JOIN customers c ON c.tenant_id = s.tenant_id AND c.customer_id = s.customer_id
    WHERE s.tenant_id = ${lit(tenantId)} AND c.kind = 'person' AND ${visible} AND s.${score} > 0
    ORDER BY s.${score} DESC, s.customer_id LIMIT ${query.limit}`);
  return {
    kind: query.kind,
    asOf,
    items: rows.map((r) => ({
      personId: String(r.customer_id),
      name: String(r.name),
      ownerId: r.owner_id === null ? null : String(r.owner_id),
      score: Number(r.score),
      segment: (r.segment ?? null) as RfmSegment | null,
      monetary: Number(r.monetary),
      probabilityAlive: r.p_alive === null ? null : Number(r.p_alive),
      churn: JSON.parse(String(r.churn)) as Signals['items'][number]['churn'],
      preferences: (JSON.parse(String(r.preferences)) as Signals['items'][number]['preferences']).filter((p) => query.kind === 'churn' || p.shifted),
    })),
  };
}

export async function audienceOf(db: StoreConnection, tenantId: string, visible: string, productId: string, limit: number): Promise<Omit<Audience, 'derivedAt'>> {
  const t = lit(tenantId);
  const names = await productNames(db, tenantId);
  const name = names.get(productId);
  if (name === undefined) throw analyticsErrors.productNotFound(productId);
  const rules = (await rulesOf(db, tenantId)).filter((r) => r.consequent === productId);
  const owned = await db.all(`SELECT l.customer_id, list(DISTINCT l.product_id) AS items, any_value(c.name) AS name, any_value(c.owner_id) AS owner_id
    FROM order_lines l JOIN customers c ON c.tenant_id = l.tenant_id AND c.customer_id = l.customer_id
    WHERE l.tenant_id = ${t} AND c.kind = 'person' AND l.product_id IS NOT NULL AND ${visible} GROUP BY l.customer_id`);
  const who = new Map(owned.map((r) => [String(r.customer_id), { name: String(r.name), ownerId: r.owner_id === null ? null : String(r.owner_id) }]));
  const members = audienceForProduct(rules, owned.map((r) => [String(r.customer_id), new Set(r.items as string[])] as const), productId, limit);
  const ref = (id: string) => ({ productId: id, name: names.get(id) ?? id });
  return {
    productId,
    name,
    rules: rules.length,
    items: members.map((m) => ({ personId: m.customerId, name: who.get(m.customerId)?.name ?? '', ownerId: who.get(m.customerId)?.ownerId ?? null, confidence: m.confidence, lift: m.lift, because: m.because.map(ref) })),
  };
}
