/** Kysely types of the engagement module's tables. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Audited = {
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  createdBy: string | null;
  updatedBy: string | null;
  version: Generated<number>;
  deletedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type InteractionsTable = Audited & {
  tenantId: string;
  id: string;
  channel: string;
  direction: string;
  subject: string;
  notes: string | null;
  occurredAt: Date;
  durationMinutes: number | null;
  outcome: string | null;
  personIds: string[];
  organisationId: string | null;
  userIds: string[];
  relatedType: string | null;
  relatedId: string | null;
  followUpOn: string | null;
  followUpTaskId: string | null;
  confirmationStatus: string;
  confirmationAttachmentId: string | null;
  confirmedAt: Date | null;
};

export type AttachmentsTable = {
  tenantId: string;
  id: string;
  ownerType: string;
  ownerId: string;
  fileName: string;
  contentType: string;
  sizeBytes: ColumnType<string, number, number>;
  sha256: string;
  storageKey: string;
  createdAt: Generated<Date>;
  createdBy: string | null;
  deletedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type TasksTable = Audited & {
  tenantId: string;
  id: string;
  title: string;
  dueOn: string | null;
  assigneeId: string | null;
  status: Generated<string>;
  personId: string | null;
  organisationId: string | null;
  sourceType: string | null;
  sourceId: string | null;
};

export type TimelineEntriesTable = {
  tenantId: string;
  subjectId: string;
  eventId: string;
  subjectType: string;
  seq: ColumnType<string, number, number>;
  kind: string;
  eventType: string;
  aggregateId: string;
  occurredAt: Date;
  summary: string;
  actorId: string | null;
  data: JSONColumnType<Record<string, unknown>, string, string>;
};

export type EngagementTables = {
  interactions: InteractionsTable;
  attachments: AttachmentsTable;
  tasks: TasksTable;
  timelineEntries: TimelineEntriesTable;
};
