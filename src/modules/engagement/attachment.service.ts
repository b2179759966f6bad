/** Attachments of interactions (and later other records): upload through the storage, list, download, delete. */
import type { Readable } from 'node:stream';
import type { Selectable } from 'kysely';
import type { ActorContext } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { iso } from '../../kernel/time.ts';
import { appendEvents } from '../../platform/events/outbox.ts';
import type { EngagementDb, EngagementDeps } from './engagement.deps.ts';
import { engagementErrors } from './engagement.errors.ts';
import type { AttachmentsTable } from './engagement.tables.ts';
import { subjectsOf, visibleInteractions } from './interaction.service.ts';
import { safeFileName, storeUpload } from '../../platform/storage/file-storage.ts';

/** What we accept: documents, images, scans, mail and office files — nothing executable. */
export const ALLOWED_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/tiff',
  'text/plain',
  'text/csv',
  'message/rfc822',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/zip',
] as const;

export type Attachment = { id: string; ownerType: string; ownerId: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; createdAt: string; createdBy: string | null };

const toAttachment = (row: Selectable<AttachmentsTable>): Attachment => ({
  id: row.id,
  ownerType: row.ownerType,
  ownerId: row.ownerId,
  fileName: row.fileName,
  contentType: row.contentType,
  sizeBytes: Number(row.sizeBytes),
  sha256: row.sha256,
  createdAt: iso(row.createdAt),
  createdBy: row.createdBy,
});

export type Upload = { fileName: string; contentType: string; stream: Readable; truncated: () => boolean };

export function createAttachmentService(deps: EngagementDeps, db: EngagementDb) {
  async function interactionOf(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('interactions').select(['id', 'subject', 'personIds', 'organisationId']).where('tenantId', '=', ctx.tenantId).where(visibleInteractions(ctx)).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw engagementErrors.interactionNotFound(id);
    return row;
  }

  async function upload(ctx: ActorContext, interactionId: string, file: Upload): Promise<Attachment> {
    const interaction = await interactionOf(ctx, interactionId);
    const contentType = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!(ALLOWED_TYPES as readonly string[]).includes(contentType)) {
      file.stream.resume(); // drain, so the client gets the answer rather than a reset
      throw engagementErrors.unsupportedType(contentType || 'unknown', ALLOWED_TYPES);
    }
    const id = newId();
    const now = new Date();
    const key = `${ctx.tenantId}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
    const stored = await storeUpload(deps.storage, key, file, deps.attachmentMaxBytes, () => engagementErrors.fileTooLarge(deps.attachmentMaxBytes));
    const fileName = safeFileName(file.fileName, 'file');
    try {
      return await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('attachments')
          .values({ tenantId: ctx.tenantId, id, ownerType: 'interaction', ownerId: interactionId, fileName, contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageKey: key, createdBy: ctx.userId ?? null })
          .returningAll()
          .executeTakeFirstOrThrow();
        const attachment = toAttachment(row);
        await appendEvents(trx, ctx, [{ type: 'engagement.attachment.added', aggregateType: 'attachment', aggregateId: id, payload: { subjects: subjectsOf(interaction), summary: `File ${fileName} attached to: ${interaction.subject}`, attachment } }]);
        return attachment;
      });
    } catch (error) {
      await deps.storage.remove(key);
      throw error;
    }
  }

  async function getRow(ctx: ActorContext, id: string) {
    const row = await db.selectFrom('attachments').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
    if (!row) throw engagementErrors.attachmentNotFound(id);
    // An attachment is seen through its interaction: hidden interaction, hidden file.
    if (row.ownerType === 'interaction') await interactionOf(ctx, row.ownerId).catch(() => Promise.reject(engagementErrors.attachmentNotFound(id)));
    return row;
  }

  return {
    upload,
    get: async (ctx: ActorContext, id: string) => toAttachment(await getRow(ctx, id)),
    async list(ctx: ActorContext, interactionId: string): Promise<Attachment[]> {
      await interactionOf(ctx, interactionId);
      const rows = await db.selectFrom('attachments').selectAll().where('tenantId', '=', ctx.tenantId).where('ownerType', '=', 'interaction').where('ownerId', '=', interactionId).where('deletedAt', 'is', null).orderBy('createdAt').orderBy('id').limit(200).execute();
      return rows.map(toAttachment);
    },
    async open(ctx: ActorContext, id: string): Promise<{ attachment: Attachment; stream: Readable }> {
      const row = await getRow(ctx, id);
      return { attachment: toAttachment(row), stream: await deps.storage.get(row.storageKey) };
    },
    /** Soft delete: the bytes stay until a purge, so a restore or an audit can still see them. */
    async remove(ctx: ActorContext, id: string): Promise<void> {
      await getRow(ctx, id);
      await db.updateTable('attachments').set({ deletedAt: new Date() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    },
  };
}
