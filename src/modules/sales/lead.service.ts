/** Leads: capture, grade by the tenant's rules, qualify, and convert into person + organisation + opportunity. */
import type { Kysely, Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../../kernel/pagination.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct, visibleRows } from '../access/index.ts';
import { DEFAULT_GRADING, gradeLead, type GradingRules } from './lead.grading.ts';
import type { Lead, LeadConvert, LeadCreate, LeadListQuery, LeadPatch } from './lead.schema.ts';
import type { createOpportunityService } from './opportunity.service.ts';
import { salesChecks, type SalesDb, type SalesDeps } from './sales.deps.ts';
import { salesErrors } from './sales.errors.ts';
import type { LeadsTable } from './sales.tables.ts';

type Row = Selectable<LeadsTable>;

const visible = (ctx: ActorContext) => visibleRows(ctx, 'lead', { id: 'leads.id', owner: 'leads.owner_id' });

const toLead = (row: Row): Lead => ({
  id: row.id,
  name: row.name,
  company: row.company,
  title: row.title,
  phone: row.phone,
  email: row.email,
  source: row.source,
  industry: row.industry,
  province: row.province,
  city: row.city,
  estimatedValue: row.estimatedValue,
  currency: row.currency,
  notes: row.notes,
  status: row.status as Lead['status'],
  score: row.score,
  grade: row.grade as Lead['grade'],
  ownerId: row.ownerId,
  convertedPersonId: row.convertedPersonId,
  convertedOrganisationId: row.convertedOrganisationId,
  convertedOpportunityId: row.convertedOpportunityId,
  convertedAt: isoOrNull(row.convertedAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  version: row.version,
});

const leadSubjects = (row: Pick<Row, 'convertedPersonId' | 'convertedOrganisationId'>) => [
  ...(row.convertedPersonId ? [{ type: 'person' as const, id: row.convertedPersonId }] : []),
  ...(row.convertedOrganisationId ? [{ type: 'organisation' as const, id: row.convertedOrganisationId }] : []),
];

export function createLeadService(deps: SalesDeps, db: SalesDb, opportunities: ReturnType<typeof createOpportunityService>) {
  const check = salesChecks(deps);

  async function rules(ctx: ActorContext): Promise<GradingRules & { version: number }> {
    const row = await db.selectFrom('leadGrading').selectAll().where('tenantId', '=', ctx.tenantId).executeTakeFirst();
    return row ? { ...row.rules, version: row.version } : { ...DEFAULT_GRADING, version: 0 };
  }

  /** Saves the rules and re-grades every lead not yet converted, in the same transaction. */
  async function setRules(ctx: ActorContext, input: GradingRules): Promise<GradingRules & { version: number }> {
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('leadGrading')
        .values({ tenantId: ctx.tenantId, rules: JSON.stringify(input), updatedBy: ctx.userId ?? null })
        .onConflict((oc) => oc.column('tenantId').doUpdateSet((eb) => ({ rules: JSON.stringify(input), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: eb('leadGrading.version', '+', 1) })))
        .returningAll()
        .executeTakeFirstOrThrow();
      const leads = await trx.selectFrom('leads').selectAll().where('tenantId', '=', ctx.tenantId).where('status', '<>', 'converted').where('deletedAt', 'is', null).execute();
      for (const lead of leads) {
        const { score, grade } = gradeLead(input, lead);
        if (score !== lead.score || grade !== lead.grade) await trx.updateTable('leads').set({ score, grade }).where('tenantId', '=', ctx.tenantId).where('id', '=', lead.id).execute();
      }
      await appendEvents(trx, ctx, [{ type: 'sales.lead_grading.updated', aggregateType: 'lead_grading', aggregateId: ctx.tenantId, payload: { version: row.version, regraded: leads.length } }]);
      return { ...row.rules, version: row.version };
    });
  }

  async function create(ctx: ActorContext, input: LeadCreate): Promise<Lead> {
    await check.user(ctx, input.ownerId, 'ownerId');
    const { score, grade } = gradeLead(await rules(ctx), input);
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('leads')
        .values({ ...input, tenantId: ctx.tenantId, id: newId(), score, grade, ownerId: input.ownerId !== undefined ? input.ownerId : (ctx.userId ?? null), createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'sales.lead.created', aggregateType: 'lead', aggregateId: row.id, payload: { summary: `Lead ${row.name}${row.company ? ` (${row.company})` : ''}, grade ${grade}`, grade, score } }]);
      return toLead(row);
    });
  }

  async function getRow(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('leads').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw salesErrors.leadNotFound(id);
    return row;
  }

  async function update(ctx: ActorContext, id: string, patch: LeadPatch, expectedVersion?: number): Promise<Lead> {
    await check.user(ctx, patch.ownerId, 'ownerId');
    const grading = await rules(ctx);
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('leads').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('id', '=', id).where('deletedAt', 'is', null).forUpdate().executeTakeFirst();
      if (!current) throw salesErrors.leadNotFound(id);
      if (!(await mayAct(trx, ctx, 'lead', current, 'write'))) throw salesErrors.forbidden('lead', id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw salesErrors.stale('Lead', id, expectedVersion, current.version);
      if (current.status === 'converted') throw salesErrors.alreadyConverted(id);
      const { score, grade } = gradeLead(grading, { ...current, ...patch });
      const row = await trx.updateTable('leads').set({ ...patch, score, grade, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'sales.lead.updated', aggregateType: 'lead', aggregateId: id, payload: { changed: Object.keys(patch), grade, status: row.status, version: row.version } }]);
      return toLead(row);
    });
  }

  /**
   * One transaction: everything is checked first (lead, references, the directory's checks of the new person and
   * organisation, the opportunity's stage gate), then the organisation, person, membership, opportunity and the
   * lead's new status are written together through the directory's and the opportunity's prepared writes. A
   * failure anywhere leaves nothing behind and the lead unconverted; a concurrent second conversion gets 409.
   */
  async function convert(ctx: ActorContext, id: string, input: LeadConvert, expectedVersion?: number) {
    const lead = await getRow(ctx, id);
    if (!(await mayAct(db, ctx, 'lead', lead, 'write'))) throw salesErrors.forbidden('lead', id);
    if (lead.status === 'converted') throw salesErrors.alreadyConverted(id);
    if (expectedVersion !== undefined && expectedVersion !== lead.version) throw salesErrors.stale('Lead', id, expectedVersion, lead.version);
    await check.person(ctx, input.personId, 'personId');
    await check.organisation(ctx, input.organisationId, 'organisationId');
    const newOrganisation = !input.organisationId && input.createOrganisation && lead.company ? await deps.directory.organisations.prepareCreate(ctx, { name: lead.company, relationshipTypes: ['customer'], source: lead.source }) : null;
    const organisationId = input.organisationId ?? newOrganisation?.id ?? null;
    const newPerson = input.personId ? null : await deps.directory.people.prepareCreate(ctx, { name: lead.name, phones: lead.phone ? [{ number: lead.phone, label: 'work' }] : [], emails: lead.email ? [{ address: lead.email }] : [], relationshipTypes: ['customer'], source: lead.source });
    const personId = input.personId ?? newPerson?.id ?? null;
    const spec = input.opportunity === null ? null : (input.opportunity ?? {});
    const writeOpportunity = spec
      ? await opportunities.prepare(ctx, { name: spec.name ?? `${lead.company ?? lead.name}`, pipeline: spec.pipeline, amount: spec.amount !== undefined ? spec.amount : lead.estimatedValue, currency: spec.currency ?? lead.currency ?? undefined, expectedCloseOn: spec.expectedCloseOn ?? null, organisationId, personId, ownerId: lead.ownerId, leadId: id }, { newParties: true })
      : null;
    const result = await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('leads').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (current.status === 'converted') throw salesErrors.alreadyConverted(id);
      const shared = trx as unknown as Kysely<Record<never, never>>;
      await newOrganisation?.write(shared);
      const person = newPerson ? await newPerson.write(shared) : null;
      if (person && organisationId) await deps.directory.relations.writeMembership(shared, ctx, person.id, { organisationId, title: lead.title, isPrimary: true });
      const opportunity = writeOpportunity ? await writeOpportunity(trx) : null;
      const row = await trx
        .updateTable('leads')
        .set({ status: 'converted', convertedPersonId: personId, convertedOrganisationId: organisationId, convertedOpportunityId: opportunity?.id ?? null, convertedAt: new Date(), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'sales.lead.converted', aggregateType: 'lead', aggregateId: id, payload: { subjects: leadSubjects(row), summary: `Lead converted: ${row.name}${opportunity ? ` → opportunity ${opportunity.name}` : ''}`, opportunityId: opportunity?.id ?? null } }]);
      return { lead: toLead(row), opportunity, person };
    });
    // The identity hooks see the new person only once it is committed.
    if (result.person && newPerson) await newPerson.afterCommit(result.person);
    return { lead: result.lead, opportunity: result.opportunity };
  }

  async function list(ctx: ActorContext, query: LeadListQuery): Promise<{ items: Lead[]; nextCursor: string | null }> {
    let select = db.selectFrom('leads').selectAll().where('tenantId', '=', ctx.tenantId).where(visible(ctx)).where('deletedAt', 'is', null);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.grade) select = select.where('grade', '=', query.grade);
    if (query.ownerId) select = select.where('ownerId', '=', query.ownerId);
    if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor).id);
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(toLead);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: null, id: last.id }) : null };
  }

  return { create, get: async (ctx: ActorContext, id: string) => toLead(await getRow(ctx, id)), update, convert, list, rules, setRules };
}
