/**
 * One line that says whether two engines computed the same RFM: customers, Σrecency, Σfrequency, Σmonetary,
 * Σ(100r+10f+m), segments, Σr of Champions — over `relation`, through `query` (any engine's first row as values).
 */
export async function rfmChecksum(relation: string, query: (sql: string) => Promise<unknown[]>): Promise<string> {
  const row = await query(`SELECT count(*), sum(recency_days), sum(frequency), round(CAST(sum(monetary) AS NUMERIC), 2), sum(r * 100 + f * 10 + m),
      count(DISTINCT segment), sum(CASE WHEN segment = 'Champions' THEN r ELSE 0 END) FROM ${relation}`);
  return JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^[\d.]+$/.test(v) ? Number(v) : v));
}
