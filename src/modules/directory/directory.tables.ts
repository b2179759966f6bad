/** Kysely types of the directory's tables. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Address, Email, Phone } from './contact.schema.ts';

type Created = Generated<Date>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

type Audited = {
  createdAt: Created;
  updatedAt: Generated<Date>;
  createdBy: string | null;
  updatedBy: string | null;
  version: Generated<number>;
  deletedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type PeopleTable = Audited & {
  tenantId: string;
  id: string;
  name: string;
  nameFolded: string;
  namePinyin: string;
  nameInitials: string;
  gender: 'female' | 'male' | 'other' | 'unknown' | null;
  birthday: string | null;
  phones: Json<Phone[]>;
  emails: Json<Email[]>;
  wechatId: string | null;
  addresses: Json<Address[]>;
  province: string | null;
  city: string | null;
  relationshipTypes: string[];
  ownerId: string | null;
  source: string | null;
  tags: string[];
  notes: string | null;
  custom: Json<Record<string, unknown>>;
  erasedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type OrganisationsTable = Audited & {
  tenantId: string;
  id: string;
  name: string;
  nameFolded: string;
  namePinyin: string;
  legalName: string | null;
  industryCode: string | null;
  relationshipTypes: string[];
  ownerId: string | null;
  source: string | null;
  tags: string[];
  phones: Json<Phone[]>;
  emails: Json<Email[]>;
  website: string | null;
  address: ColumnType<Address | null, string | null | undefined, string | null>;
  province: string | null;
  city: string | null;
  notes: string | null;
  custom: Json<Record<string, unknown>>;
  /** Set when this organisation was merged into another (it is then also soft-deleted). */
  mergedIntoId: ColumnType<string | null, string | null | undefined, string | null>;
};

/** One merge of a duplicate organisation into a survivor, with exactly what it changed (organisation-merge.service.ts). */
export type OrganisationMergesTable = {
  tenantId: string;
  id: string;
  survivorId: string;
  duplicateId: string;
  priorState: Json<Record<string, unknown>>;
  mergedAt: ColumnType<Date, Date | undefined, never>;
  mergedBy: string | null;
  undoneAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  undoneBy: ColumnType<string | null, string | null | undefined, string | null>;
};

export type MembershipsTable = {
  tenantId: string;
  id: string;
  personId: string;
  organisationId: string;
  title: string | null;
  role: string | null;
  isPrimary: boolean;
  startedOn: string | null;
  endedOn: string | null;
  createdAt: Created;
  createdBy: string | null;
};

export type FamilyMembersTable = {
  tenantId: string;
  id: string;
  personId: string;
  name: string;
  relation: string;
  gender: string | null;
  birthday: string | null;
  relatedPersonId: string | null;
  notes: string | null;
  createdAt: Created;
  createdBy: string | null;
};

export type KeyDatesTable = {
  tenantId: string;
  id: string;
  personId: string | null;
  organisationId: string | null;
  kind: string;
  label: string | null;
  date: string;
  recurring: boolean;
  createdAt: Created;
  createdBy: string | null;
};

export type CustomFieldDefinitionsTable = {
  tenantId: string;
  id: string;
  objectType: 'person' | 'organisation';
  key: string;
  label: Json<Record<string, string>>;
  type: string;
  options: Json<Array<{ value: string; label?: Record<string, string> }>>;
  referenceType: 'person' | 'organisation' | null;
  required: boolean;
  createdAt: Created;
  updatedAt: Generated<Date>;
  createdBy: string | null;
  version: Generated<number>;
};

export type SearchTermsTable = { tenantId: string; entity: 'person' | 'organisation'; entityId: string; term: string; field: 'name' | 'phone' | 'email' | 'wechat' };

export type ConsentsTable = {
  tenantId: string;
  id: string;
  personId: string;
  channel: 'email' | 'sms' | 'phone' | 'wechat' | 'post';
  status: 'granted' | 'withdrawn';
  source: string;
  evidence: string | null;
  recordedAt: Generated<Date>;
  recordedBy: string | null;
};

export type DirectoryTables = {
  consents: ConsentsTable;
  people: PeopleTable;
  organisations: OrganisationsTable;
  organisationMerges: OrganisationMergesTable;
  memberships: MembershipsTable;
  familyMembers: FamilyMembersTable;
  keyDates: KeyDatesTable;
  customFieldDefinitions: CustomFieldDefinitionsTable;
  searchTerms: SearchTermsTable;
};
