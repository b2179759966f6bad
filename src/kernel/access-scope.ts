/**
 * What a signed-in user may see and change, resolved once per request by the access module and carried in the
 * ActorContext. Modules turn it into SQL (rows) and into masking (fields); they never decide it themselves.
 */
export type VisibilityLevel = 'none' | 'own' | 'team' | 'subtree' | 'all';
export type FieldRule = 'visible' | 'masked' | 'hidden';
export type RecordAction = 'read' | 'write' | 'delete';

/** The owners whose records an action reaches: everyone, nobody (shares aside), or these user ids. */
export type OwnerSet = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; owners: string[] };

export type ObjectAccess = Record<RecordAction, OwnerSet>;

export type AccessScope = {
  userId: string;
  role: string;
  isAdmin: boolean;
  /** Teams the user belongs to (direct membership), for shares granted to a team. */
  teamIds: string[];
  /** Per object type (person, organisation, opportunity…); a type not listed falls back to `default`. */
  objects: Record<string, ObjectAccess>;
  /** Per object type, per field: how it is shown. Fields not listed are visible. */
  fields: Record<string, Record<string, FieldRule>>;
  /** May export lists and download in bulk. */
  canExport: boolean;
};

const NONE: OwnerSet = { kind: 'none' };

export function objectAccess(scope: AccessScope, objectType: string): ObjectAccess {
  return scope.objects[objectType] ?? scope.objects.default ?? { read: NONE, write: NONE, delete: NONE };
}

export function ownerAllowed(set: OwnerSet, ownerId: string | null): boolean {
  if (set.kind === 'all') return true;
  if (set.kind === 'none' || ownerId === null) return false;
  return set.owners.includes(ownerId);
}

export function fieldRule(scope: AccessScope | undefined, objectType: string, field: string): FieldRule {
  return scope?.fields[objectType]?.[field] ?? 'visible';
}
