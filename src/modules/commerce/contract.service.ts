/** Contracts: value, dates, terms, renewal and warranty ends, and the signed file (through the storage). */
import type { Readable } from 'node:stream';
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import { documentNumber, partyChecks, subjects, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { ContractsTable } from './commerce.tables.ts';
import type { Contract, ContractCreate, ContractPatch } from './finance.schema.ts';
import { checkContractChange, checkContractDelete } from './document-states.ts';
import { opportunityLinkage } from './opportunity-link.ts';
import { safeFileName, storeUpload } from '../../platform/storage/file-storage.ts';

type Row = Selectable<ContractsTable>;
export const SIGNED_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;

const toContract = (row: Row): Contract => ({
  id: row.id, number: row.number, title: row.title, organisationId: row.organisationId, personId: row.personId, opportunityId: row.opportunityId, quoteId: row.quoteId,
  value: row.value, currency: row.currency, status: row.status, signedOn: row.signedOn, startsOn: row.startsOn, endsOn: row.endsOn, renewalOn: row.renewalOn, warrantyEndsOn: row.warrantyEndsOn, terms: row.terms,
  signedFile: row.signedFileKey ? { fileName: row.signedFileName ?? 'contract', contentType: row.signedFileType ?? 'application/pdf', sizeBytes: Number(row.signedFileSize ?? 0), sha256: row.signedFileSha256 ?? '' } : null,
  ownerId: row.ownerId, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), deletedAt: isoOrNull(row.deletedAt), version: row.version,
});

export function createContractService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);
  const opportunities = opportunityLinkage(deps);

  /**
   * The opportunity of a contract: the one given, else that of the quote it is made from. A quote must be visible
   * and live, and a contract cannot name one opportunity and a quote made for another.
   */
  async function opportunityOf(trx: CommerceDb, ctx: ActorContext, input: ContractCreate): Promise<string | null> {
    if (!input.quoteId) return input.opportunityId ?? null;
    const quote = await trx.selectFrom('quotes').select(['number', 'opportunityId']).where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('id', '=', input.quoteId).where('deletedAt', 'is', null).executeTakeFirst();
    if (!quote) throw commerceErrors.badReference('quoteId', 'quote', input.quoteId);
    if (input.opportunityId && quote.opportunityId && input.opportunityId !== quote.opportunityId) {
      throw commerceErrors.invalid('opportunityId', `quote ${quote.number} was made for another opportunity (${quote.opportunityId}); leave opportunityId out to use the quote’s`);
    }
    return input.opportunityId ?? quote.opportunityId;
  }

  /**
   * A change of quote or opportunity is checked as on create (a live, visible quote; a visible, changeable
   * opportunity of the same customer), and a newly named opportunity records the contract when its link is empty.
   */
  async function checkNewLinks(trx: CommerceDb, ctx: ActorContext, current: Row, patch: ContractPatch) {
    if (patch.quoteId && patch.quoteId !== current.quoteId) {
      const quote = await trx.selectFrom('quotes').select('id').where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'quotes', 'quote')).where('id', '=', patch.quoteId).where('deletedAt', 'is', null).executeTakeFirst();
      if (!quote) throw commerceErrors.badReference('quoteId', 'quote', patch.quoteId);
    }
    if (patch.opportunityId && patch.opportunityId !== current.opportunityId) {
      await opportunities.check(trx, ctx, patch.opportunityId, current);
      await opportunities.record(trx, ctx, patch.opportunityId, { contractId: current.id });
    }
  }

  async function create(ctx: ActorContext, input: ContractCreate): Promise<Contract> {
    if (!input.organisationId && !input.personId) throw commerceErrors.invalid('organisationId', 'a contract is with an organisation or a person');
    const { ownerId } = await checkParties(ctx, input, '', 'contract');
    const id = newId();
    const number = input.number ?? documentNumber('C', id, new Date());
    return db.transaction().execute(async (trx) => {
      const opportunityId = await opportunityOf(trx, ctx, input);
      if (opportunityId) await opportunities.check(trx, ctx, opportunityId, input);
      const row = await trx
        .insertInto('contracts')
        .values({ ...input, opportunityId, tenantId: ctx.tenantId, id, number, ownerId, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .onConflict((oc) => oc.columns(['tenantId', 'number']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw commerceErrors.duplicate('number', number);
      if (opportunityId) await opportunities.record(trx, ctx, opportunityId, { contractId: id });
      await appendEvents(trx, ctx, [{ type: 'commerce.contract.created', aggregateType: 'contract', aggregateId: id, payload: { subjects: subjects(row), summary: `Contract ${number} “${row.title}”: ${row.value} ${row.currency}${row.signedOn ? `, signed ${row.signedOn}` : ''}`, opportunityId: row.opportunityId } }]);
      return toContract(row);
    });
  }

  async function getRow(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('contracts').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'contracts', 'contract')).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw commerceErrors.notFound('Contract', id);
    return row;
  }

  /** Locks a contract for a change: hidden → 404, visible but not yours → 403, stale → 412. */
  async function locked(trx: CommerceDb, ctx: ActorContext, id: string, expectedVersion: number | undefined, action: 'write' | 'delete', deleted = false) {
    const current = await trx.selectFrom('contracts').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'contracts', 'contract')).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current || Boolean(current.deletedAt) !== deleted) throw commerceErrors.notFound('Contract', id);
    if (!(await mayAct(trx, ctx, 'contract', { id, ownerId: current.ownerId }, action))) throw commerceErrors.forbidden('contract', id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Contract', id, expectedVersion, current.version);
    return current;
  }

  async function change(ctx: ActorContext, id: string, expectedVersion: number | undefined, set: Partial<Row>, summary: (row: Row) => string, rules?: (current: Row, trx: CommerceDb) => void | Promise<void>) {
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion, 'write');
      await rules?.(current, trx);
      const { tenantId: _t, id: _i, createdAt: _c, signedFileSize, ...rest } = set;
      const row = await trx.updateTable('contracts').set({ ...rest, ...(signedFileSize !== undefined ? { signedFileSize: Number(signedFileSize) } : {}), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'commerce.contract.updated', aggregateType: 'contract', aggregateId: id, payload: { subjects: subjects(row), summary: summary(row), changed: Object.keys(set), version: row.version } }]);
      return toContract(row);
    });
  }

  /** Soft delete (restorable); an active contract is terminated, not deleted, and one with orders under it stays. */
  async function setDeleted(ctx: ActorContext, id: string, deleted: boolean, expectedVersion?: number): Promise<Contract> {
    return db.transaction().execute(async (trx) => {
      const current = await locked(trx, ctx, id, expectedVersion, 'delete', !deleted);
      if (deleted) {
        const order = await trx.selectFrom('orders').select('number').where('tenantId', '=', ctx.tenantId).where('contractId', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
        checkContractDelete(current, order?.number);
      }
      const row = await trx.updateTable('contracts').set({ deletedAt: deleted ? new Date() : null, updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: `commerce.contract.${deleted ? 'deleted' : 'restored'}`, aggregateType: 'contract', aggregateId: id, payload: { subjects: subjects(row), summary: `Contract ${row.number} ${deleted ? 'deleted' : 'restored'}`, version: row.version } }]);
      return toContract(row);
    });
  }

  async function attachSignedFile(ctx: ActorContext, id: string, file: { fileName: string; contentType: string; stream: Readable; truncated: () => boolean }): Promise<Contract> {
    await getRow(ctx, id);
    const type = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!(SIGNED_FILE_TYPES as readonly string[]).includes(type)) {
      file.stream.resume();
      throw commerceErrors.unsupportedType(type || 'unknown', SIGNED_FILE_TYPES);
    }
    const key = `${ctx.tenantId}/contracts/${id}/${newId()}`;
    const stored = await storeUpload(deps.storage, key, file, deps.fileMaxBytes, () => commerceErrors.fileTooLarge(deps.fileMaxBytes));
    const fileName = safeFileName(file.fileName, 'contract');
    return change(ctx, id, undefined, { signedFileName: fileName, signedFileType: type, signedFileKey: key, signedFileSha256: stored.sha256, signedFileSize: String(stored.sizeBytes) }, (row) => `Signed contract ${row.number} filed (${fileName})`);
  }

  return {
    create,
    get: async (ctx: ActorContext, id: string) => toContract(await getRow(ctx, id)),
    update: (ctx: ActorContext, id: string, patch: ContractPatch, expectedVersion?: number) =>
      change(ctx, id, expectedVersion, patch, (row) => (patch.status ? `Contract ${row.number} ${row.status}` : `Contract ${row.number} changed (${Object.keys(patch).join(', ')})`), async (current, trx) => {
        checkContractChange(current, patch);
        await checkNewLinks(trx, ctx, current, patch);
      }),
    remove: (ctx: ActorContext, id: string, expectedVersion?: number) => setDeleted(ctx, id, true, expectedVersion),
    restore: (ctx: ActorContext, id: string) => setDeleted(ctx, id, false),
    attachSignedFile,
    async openSignedFile(ctx: ActorContext, id: string) {
      const row = await getRow(ctx, id);
      if (!row.signedFileKey) throw commerceErrors.notFound('Signed file', id);
      return { contract: toContract(row), stream: await deps.storage.get(row.signedFileKey) };
    },
    async list(ctx: ActorContext, query: { organisationId?: string | undefined; limit: number }) {
      let select = db.selectFrom('contracts').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'contracts', 'contract')).where('deletedAt', 'is', null);
      if (query.organisationId) select = select.where('organisationId', '=', query.organisationId);
      return (await select.orderBy('id', 'desc').limit(query.limit).execute()).map(toContract);
    },
  };
}
