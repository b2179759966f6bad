/** Contracts: value, dates, terms, renewal and warranty ends, and the signed file (through the storage). */
import type { Readable } from 'node:stream';
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import { mayAct } from '../access/index.ts';
import { documentNumber, partyChecks, subjects, visibleDocs, type CommerceDb, type CommerceDeps } from './commerce.deps.ts';
import { commerceErrors } from './commerce.errors.ts';
import type { ContractsTable } from './commerce.tables.ts';
import type { Contract, ContractCreate, ContractPatch } from './finance.schema.ts';

type Row = Selectable<ContractsTable>;
export const SIGNED_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;

const toContract = (row: Row): Contract => ({
  id: row.id, number: row.number, title: row.title, organisationId: row.organisationId, personId: row.personId, opportunityId: row.opportunityId, quoteId: row.quoteId,
  value: row.value, currency: row.currency, status: row.status, signedOn: row.signedOn, startsOn: row.startsOn, endsOn: row.endsOn, renewalOn: row.renewalOn, warrantyEndsOn: row.warrantyEndsOn, terms: row.terms,
  signedFile: row.signedFileKey ? { fileName: row.signedFileName ?? 'contract', contentType: row.signedFileType ?? 'application/pdf', sizeBytes: Number(row.signedFileSize ?? 0), sha256: row.signedFileSha256 ?? '' } : null,
  createdAt: iso(row.createdAt), version: row.version,
});

export function createContractService(deps: CommerceDeps, db: CommerceDb) {
  const checkParties = partyChecks(deps);

  async function create(ctx: ActorContext, input: ContractCreate): Promise<Contract> {
    if (!input.organisationId && !input.personId) throw commerceErrors.invalid('organisationId', 'a contract is with an organisation or a person');
    await checkParties(ctx, input);
    const id = newId();
    const number = input.number ?? documentNumber('C', id, new Date());
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('contracts')
        .values({ ...input, tenantId: ctx.tenantId, id, number, createdBy: ctx.userId ?? null, updatedBy: ctx.userId ?? null })
        .onConflict((oc) => oc.columns(['tenantId', 'number']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw commerceErrors.duplicate('number', number);
      await appendEvents(trx, ctx, [{ type: 'commerce.contract.created', aggregateType: 'contract', aggregateId: id, payload: { subjects: subjects(row), summary: `Contract ${number} “${row.title}”: ${row.value} ${row.currency}${row.signedOn ? `, signed ${row.signedOn}` : ''}`, opportunityId: row.opportunityId } }]);
      return toContract(row);
    });
  }

  async function getRow(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('contracts').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'contracts', 'contract')).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw commerceErrors.notFound('Contract', id);
    return row;
  }

  async function change(ctx: ActorContext, id: string, expectedVersion: number | undefined, set: Partial<Row>, summary: (row: Row) => string) {
    return db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('contracts').selectAll().where('tenantId', '=', ctx.tenantId).where(visibleDocs(ctx, 'contracts', 'contract')).where('id', '=', id).where('deletedAt', 'is', null).forUpdate().executeTakeFirst();
      if (!current) throw commerceErrors.notFound('Contract', id);
      if (!(await mayAct(trx, ctx, 'contract', { id, ownerId: current.createdBy }, 'write'))) throw commerceErrors.forbidden('contract', id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw commerceErrors.stale('Contract', id, expectedVersion, current.version);
      const { tenantId: _t, id: _i, createdAt: _c, signedFileSize, ...rest } = set;
      const row = await trx.updateTable('contracts').set({ ...rest, ...(signedFileSize !== undefined ? { signedFileSize: Number(signedFileSize) } : {}), updatedAt: new Date(), updatedBy: ctx.userId ?? null, version: current.version + 1 }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendEvents(trx, ctx, [{ type: 'commerce.contract.updated', aggregateType: 'contract', aggregateId: id, payload: { subjects: subjects(row), summary: summary(row), changed: Object.keys(set), version: row.version } }]);
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
    let stored;
    try {
      stored = await deps.storage.put(key, file.stream);
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw commerceErrors.fileTooLarge(deps.fileMaxBytes);
      throw error;
    }
    if (file.truncated() || stored.sizeBytes > deps.fileMaxBytes) {
      await deps.storage.remove(key);
      throw commerceErrors.fileTooLarge(deps.fileMaxBytes);
    }
    const fileName = file.fileName.replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255) || 'contract';
    return change(ctx, id, undefined, { signedFileName: fileName, signedFileType: type, signedFileKey: key, signedFileSha256: stored.sha256, signedFileSize: String(stored.sizeBytes) }, (row) => `Signed contract ${row.number} filed (${fileName})`);
  }

  return {
    create,
    get: async (ctx: ActorContext, id: string) => toContract(await getRow(ctx, id)),
    update: (ctx: ActorContext, id: string, patch: ContractPatch, expectedVersion?: number) => change(ctx, id, expectedVersion, patch, (row) => `Contract ${row.number} changed (${Object.keys(patch).join(', ')})`),
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
