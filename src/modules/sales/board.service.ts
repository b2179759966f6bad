/** The kanban board (opportunities grouped by stage) and the weighted forecast (by month and owner). */
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import type { ForecastQuery } from './board.schema.ts';
import { toOpportunity, visible } from './opportunity.service.ts';
import type { createPipelineService } from './pipeline.service.ts';
import type { SalesDb, SalesDeps } from './sales.deps.ts';

export function createBoardService(db: SalesDb, pipelines: ReturnType<typeof createPipelineService>, customerNames: SalesDeps['directory']['customers']['names'], teamMemberships?: SalesDeps['teamMemberships']) {
  async function kanban(ctx: ActorContext, pipelineIdOrKey: string, query: { ownerId?: string | undefined; perStage: number }) {
    const pipeline = await pipelines.get(ctx, pipelineIdOrKey);
    let base = db.selectFrom('opportunities').where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('pipelineId', '=', pipeline.id).where('deletedAt', 'is', null);
    if (query.ownerId) base = base.where('ownerId', '=', query.ownerId);
    const totals = await base
      .select(['stageKey', 'currency'])
      .select(sql<number>`count(*)::int`.as('count'))
      .select(sql<string>`coalesce(sum(amount), 0)::numeric(18, 2)::text`.as('amount'))
      .select(sql<string>`round(coalesce(sum(amount * probability / 100), 0), 2)::text`.as('weighted'))
      .groupBy(['stageKey', 'currency'])
      .execute();
    // The first cards of every column in one query (newest first within a stage).
    const ranked = base.selectAll().select(sql<number>`row_number() OVER (PARTITION BY stage_key ORDER BY id DESC)`.as('rank'));
    const rows = await db.selectFrom(ranked.as('r')).selectAll().where('rank', '<=', query.perStage).orderBy('id', 'desc').execute();
    // The customer of every card in one lookup per kind, through the directory (its visibility decides).
    const customerOf = (row: { organisationId: string | null; personId: string | null }) =>
      row.organisationId ? { type: 'organisation' as const, id: row.organisationId } : row.personId ? { type: 'person' as const, id: row.personId } : null;
    const names = await customerNames(ctx, rows.flatMap((row) => customerOf(row) ?? []));
    const card = ({ rank: _rank, ...row }: (typeof rows)[number]) => {
      const customer = customerOf(row);
      return { ...toOpportunity(row), customerName: (customer && names.get(customer.id)) ?? null };
    };
    return {
      pipelineId: pipeline.id,
      columns: pipeline.stages.map((stage) => {
        const mine = totals.filter((t) => t.stageKey === stage.key);
        return {
          stage,
          count: mine.reduce((n, t) => n + t.count, 0),
          totals: mine.map((t) => ({ currency: t.currency, amount: t.amount, weighted: t.weighted })),
          items: rows.filter((r) => r.stageKey === stage.key).map(card),
        };
      }),
    };
  }

  async function forecast(ctx: ActorContext, query: ForecastQuery, today = new Date()) {
    const from = query.from ?? today.toISOString().slice(0, 7);
    const [y, m] = from.split('-').map(Number) as [number, number];
    const to = query.to ?? new Date(Date.UTC(y, m - 1 + 11, 1)).toISOString().slice(0, 7);
    const byTeam = query.groupBy === 'team' || query.groupBy === 'month_team';
    const byMonth = query.groupBy !== 'owner' && query.groupBy !== 'team';
    const byOwner = query.groupBy !== 'month';
    let select = db
      .selectFrom('opportunities')
      .where('tenantId', '=', ctx.tenantId)
      .where(visible(ctx))
      .where('deletedAt', 'is', null)
      .where('status', '=', 'open')
      .where('expectedCloseOn', '>=', `${from}-01`)
      .where(sql<boolean>`expected_close_on < (${`${to}-01`}::date + interval '1 month')`);
    if (query.pipeline) select = select.where('pipelineId', '=', (await pipelines.get(ctx, query.pipeline)).id);
    if (query.ownerId) select = select.where('ownerId', '=', query.ownerId);
    const month = byMonth ? sql<string | null>`to_char(expected_close_on, 'YYYY-MM')` : sql<string | null>`NULL::text`;
    const owner = byOwner ? sql<string | null>`owner_id` : sql<string | null>`NULL::uuid`;
    const rows = await select
      .select([month.as('month'), owner.as('ownerId'), 'currency'])
      .select(sql<number>`count(*)::int`.as('count'))
      .select(sql<string>`coalesce(sum(amount), 0)::numeric(18, 2)::text`.as('amount'))
      .select(sql<string>`round(coalesce(sum(amount * probability / 100), 0), 2)::text`.as('weighted'))
      .groupBy([sql`1`, sql`2`, sql`3`])
      .orderBy(sql`1`)
      .orderBy(sql`2`)
      .orderBy(sql`3`)
      .execute();
    if (!byTeam) return { from, to, rows };
    return { from, to, rows: rollUpByTeam(rows, await (teamMemberships?.(ctx.tenantId) ?? Promise.resolve([]))) };
  }

  return { kanban, forecast };
}

type ForecastRow = { month: string | null; ownerId: string | null; currency: string; count: number; amount: string; weighted: string };

/** Exact sums of 2-decimal amounts, in cents (never floats). */
const cents = (value: string) => BigInt(value.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
const fromCents = (value: bigint) => {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

/** Owner-level rows summed into their teams (an owner in two teams counts in both; no team → teamId null). */
export function rollUpByTeam(rows: ForecastRow[], memberships: Array<{ teamId: string; userId: string }>) {
  const teamsOf = new Map<string, string[]>();
  for (const m of memberships) teamsOf.set(m.userId, [...(teamsOf.get(m.userId) ?? []), m.teamId]);
  const buckets = new Map<string, { month: string | null; ownerId: null; teamId: string | null; currency: string; count: number; amount: bigint; weighted: bigint }>();
  for (const row of rows) {
    const teams = (row.ownerId && teamsOf.get(row.ownerId)) || [null];
    for (const teamId of teams) {
      const key = `${row.month}|${teamId}|${row.currency}`;
      const bucket = buckets.get(key) ?? { month: row.month, ownerId: null, teamId, currency: row.currency, count: 0, amount: 0n, weighted: 0n };
      bucket.count += row.count;
      bucket.amount += cents(row.amount);
      bucket.weighted += cents(row.weighted);
      buckets.set(key, bucket);
    }
  }
  return [...buckets.values()]
    .sort((a, b) => `${a.month}|${a.teamId}|${a.currency}`.localeCompare(`${b.month}|${b.teamId}|${b.currency}`))
    .map((b) => ({ ...b, amount: fromCents(b.amount), weighted: fromCents(b.weighted) }));
}
