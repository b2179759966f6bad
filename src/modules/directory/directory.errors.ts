import { AppError, notFound } from '../../kernel/errors.ts';

export const directoryErrors = {
  erased: (id: string) => new AppError('conflict', 'DIRECTORY.PERSON_ERASED', `Person ${id} was erased at their request and cannot be edited`),
  forbidden: (message: string) => new AppError('forbidden', 'ACCESS.FORBIDDEN', message),
  personNotFound: (id: string) => notFound('DIRECTORY.PERSON_NOT_FOUND', 'Person', id),
  organisationNotFound: (id: string) => notFound('DIRECTORY.ORGANISATION_NOT_FOUND', 'Organisation', id),
  customFieldNotFound: (id: string) => notFound('DIRECTORY.CUSTOM_FIELD_NOT_FOUND', 'Custom field', id),
  recordNotFound: (what: string, id: string) => notFound('DIRECTORY.RECORD_NOT_FOUND', what, id),
  stale: (what: string, id: string, expected: number, current: number) =>
    new AppError('precondition_failed', 'DIRECTORY.STALE_VERSION', `${what} ${id} was changed by someone else: you edited version ${expected}, it is now at version ${current}`, { expectedVersion: expected, currentVersion: current }),
  invalidPhone: (index: number, text: string) =>
    new AppError('invalid', 'DIRECTORY.INVALID_PHONE', `phones.${index}.number: "${text}" is not a phone number we can read`, { field: `phones.${index}.number` }),
  customFieldKeyTaken: (objectType: string, key: string) =>
    new AppError('conflict', 'DIRECTORY.CUSTOM_FIELD_EXISTS', `A ${objectType} custom field with key "${key}" already exists`, { field: 'key' }),
  membershipExists: () => new AppError('conflict', 'DIRECTORY.MEMBERSHIP_EXISTS', 'This person is already linked to this organisation', { field: 'organisationId' }),
  mergedAway: (id: string, into: string) =>
    new AppError('conflict', 'DIRECTORY.ORGANISATION_MERGED', `Organisation ${id} was merged into ${into}: un-merge it instead of restoring it`, { mergedIntoId: into }),
  badReference: (field: string, what: string, id: string) =>
    new AppError('invalid', 'DIRECTORY.BAD_REFERENCE', `${field}: no ${what} with id ${id}`, { field }),
  unknownSort: (sort: string) => new AppError('invalid', 'DIRECTORY.UNKNOWN_SORT', `sort: cannot sort by "${sort}"`, { field: 'sort' }),
  badCustomFilter: (filter: string, why: string) => new AppError('invalid', 'DIRECTORY.BAD_CUSTOM_FILTER', `cf: "${filter}" ${why}`, { field: 'cf' }),
};

/** Reads an If-Match header ("3", W/"3" or 3) as a version number; undefined when absent. */

// One parser for every module (kept exported here so route files need not change).
export { versionFromIfMatch } from '../../kernel/concurrency.ts';
