import { AppError, notFound } from '../../kernel/errors.ts';

export const commerceErrors = {
  notFound: (what: string, id: string) => notFound(`COMMERCE.${what.toUpperCase().replace(/ /g, '_')}_NOT_FOUND`, what, id),
  stale: (what: string, id: string, expected: number, current: number) =>
    new AppError('precondition_failed', 'COMMERCE.STALE_VERSION', `${what} ${id} was changed by someone else: you edited version ${expected}, it is now at version ${current}`, { expectedVersion: expected, currentVersion: current }),
  badReference: (field: string, what: string, id: string) => new AppError('invalid', 'COMMERCE.BAD_REFERENCE', `${field}: no ${what} with id ${id}`, { field }),
  invalid: (field: string, message: string) => new AppError('invalid', 'COMMERCE.INVALID', `${field}: ${message}`, { field }),
  duplicate: (field: string, value: string) => new AppError('conflict', 'COMMERCE.DUPLICATE', `${field}: "${value}" is already taken`, { field }),
  conflict: (message: string) => new AppError('conflict', 'COMMERCE.CONFLICT', message),
  overpaid: (outstanding: string) => new AppError('unprocessable', 'COMMERCE.OVERPAYMENT', `The payment is larger than the ${outstanding} still outstanding`, { outstanding }),
  forbidden: (what: string, id: string) => new AppError('forbidden', 'COMMERCE.FORBIDDEN', `You may see this ${what} but not change it`, { id }),
  notYours: (what: string) => new AppError('forbidden', 'COMMERCE.FORBIDDEN', `Your role may not write a ${what} for this customer: it belongs to an owner outside your scope`, { objectType: what }),
  opportunityReadOnly: (id: string, name: string) =>
    new AppError('forbidden', 'COMMERCE.OPPORTUNITY_READ_ONLY', `You may see opportunity “${name}” but not change it, so no quote or contract can be recorded on it; ask its owner`, { field: 'opportunityId', opportunityId: id }),
  opportunityOtherCustomer: (id: string, name: string, customer: { organisationId: string | null; personId: string | null }) =>
    new AppError('invalid', 'COMMERCE.OPPORTUNITY_OTHER_CUSTOMER', `opportunityId: opportunity “${name}” is for another customer; a document for it must be for the same organisation (or person)`, { field: 'opportunityId', opportunityId: id, organisationId: customer.organisationId, personId: customer.personId }),
  catalogueReadOnly: () => new AppError('forbidden', 'COMMERCE.FORBIDDEN', 'Your role may read the catalogue but not change it (products, categories, price lists)'),
  /** A state rule: the document's state forbids the change; the message says why and what to do instead. */
  state: (code: string, message: string, details: Record<string, unknown> = {}) => new AppError('conflict', `COMMERCE.${code}`, message, details),
  fileTooLarge: (limit: number) => new AppError('too_large', 'COMMERCE.FILE_TOO_LARGE', `The file is larger than the ${limit} bytes allowed`, { limit }),
  unsupportedType: (type: string, allowed: readonly string[]) => new AppError('unsupported_media_type', 'COMMERCE.UNSUPPORTED_FILE_TYPE', `Files of type ${type} are not accepted; send one of ${allowed.join(', ')}`, { contentType: type, allowed }),
};

// One parser for every module (kept exported here so route files need not change).
export { versionFromIfMatch } from '../../kernel/concurrency.ts';
