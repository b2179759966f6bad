/** Row ↔ API shape for people, and the derived columns (name keys, region) computed from input. */
import type { Selectable } from 'kysely';
import { foldName, namePinyin } from '../../kernel/chinese/name.ts';
import { iso, isoOrNull } from '../../kernel/time.ts';
import type { Address } from './contact.schema.ts';
import type { PeopleTable } from './directory.tables.ts';
import type { AccessScope } from '../../kernel/access-scope.ts';
import { applyFieldRules } from './field-access.ts';
import type { Person } from './person.schema.ts';

export type PersonRow = Selectable<PeopleTable>;

/** The stored record, unmasked (for events and internal use); `viewPerson` is what an actor may see. */
export function toPerson(row: PersonRow): Omit<Person, 'restrictedFields'> {
  return {
    id: row.id,
    name: row.name,
    namePinyin: row.namePinyin,
    nameInitials: row.nameInitials,
    gender: row.gender,
    birthday: row.birthday,
    phones: row.phones,
    emails: row.emails,
    wechatId: row.wechatId,
    addresses: row.addresses,
    relationshipTypes: row.relationshipTypes as Person['relationshipTypes'],
    ownerId: row.ownerId,
    source: row.source,
    tags: row.tags,
    notes: row.notes,
    custom: row.custom,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    createdBy: row.createdBy,
    version: row.version,
    deletedAt: isoOrNull(row.deletedAt),
  };
}

export function nameColumns(name: string) {
  const py = namePinyin(name);
  return { name, nameFolded: foldName(name), namePinyin: py.full, nameInitials: py.initials };
}

/** The first address gives the region columns that filters and the region cube use. */
export function regionColumns(addresses: Address[]) {
  const first = addresses[0];
  return { province: first?.province ?? null, city: first?.city ?? null };
}

export function viewPerson(row: PersonRow, scope: AccessScope | undefined): Person {
  return applyFieldRules(toPerson(row), scope, 'person');
}
