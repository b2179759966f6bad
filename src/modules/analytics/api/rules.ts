/** The tenant's association rules and product names, as the cross-sell and audience models take them. */
import type { AssociationRule } from '../models/association-rules.model.ts';
import { lit, type StoreConnection } from '../store/store.ts';

export async function rulesOf(db: StoreConnection, tenantId: string): Promise<AssociationRule[]> {
  const rows = await db.all(`SELECT antecedent, consequent, support, confidence, lift FROM rules WHERE tenant_id = ${lit(tenantId)}`);
  // Counts are not kept in the store; the models rank by confidence and lift only.
  return rows.map((r) => ({ antecedent: JSON.parse(String(r.antecedent)) as string[], consequent: String(r.consequent), support: Number(r.support), confidence: Number(r.confidence), lift: Number(r.lift), count: 0, antecedentCount: 0, consequentCount: 0 }));
}

export async function productNames(db: StoreConnection, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.all(`SELECT product_id, name FROM products WHERE tenant_id = ${lit(tenantId)}`);
  return new Map(rows.map((r) => [String(r.product_id), String(r.name)]));
}
