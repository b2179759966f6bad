import { AppError, notFound } from '../../kernel/errors.ts';

export const engagementErrors = {
  interactionNotFound: (id: string) => notFound('ENGAGEMENT.INTERACTION_NOT_FOUND', 'Interaction', id),
  attachmentNotFound: (id: string) => notFound('ENGAGEMENT.ATTACHMENT_NOT_FOUND', 'Attachment', id),
  taskNotFound: (id: string) => notFound('ENGAGEMENT.TASK_NOT_FOUND', 'Task', id),
  subjectNotFound: (id: string) => notFound('ENGAGEMENT.SUBJECT_NOT_FOUND', 'Person or organisation', id),
  stale: (what: string, id: string, expected: number, current: number) =>
    new AppError('precondition_failed', 'ENGAGEMENT.STALE_VERSION', `${what} ${id} was changed by someone else: you edited version ${expected}, it is now at version ${current}`, { expectedVersion: expected, currentVersion: current }),
  badReference: (field: string, what: string, id: string) => new AppError('invalid', 'ENGAGEMENT.BAD_REFERENCE', `${field}: no ${what} with id ${id}`, { field }),
  invalid: (field: string, message: string) => new AppError('invalid', 'ENGAGEMENT.INVALID', `${field}: ${message}`, { field }),
  fileTooLarge: (limit: number) => new AppError('too_large', 'ENGAGEMENT.FILE_TOO_LARGE', `The file is larger than the ${limit} bytes allowed`, { limit }),
  unsupportedType: (type: string, allowed: readonly string[]) =>
    new AppError('unsupported_media_type', 'ENGAGEMENT.UNSUPPORTED_FILE_TYPE', `Files of type ${type} are not accepted; send one of ${allowed.join(', ')}`, { contentType: type, allowed }),
  noFile: () => new AppError('invalid', 'ENGAGEMENT.NO_FILE', 'file: send one file as multipart/form-data in a part named "file"', { field: 'file' }),
  forbidden: (what: string, id: string) => new AppError('forbidden', 'ENGAGEMENT.FORBIDDEN', `You may see this ${what} but not change it`, { id }),
};

/** Reads an If-Match header ("3", W/"3" or 3) as a version number; undefined when absent. */

// One parser for every module (kept exported here so route files need not change).
export { versionFromIfMatch } from '../../kernel/concurrency.ts';
