/** Optimistic concurrency: the `If-Match` header every module's PATCH/DELETE accepts, parsed one way. */
import { z } from 'zod';
import { AppError } from './errors.ts';

export const ifMatchHeaders = z.object({
  'if-match': z.string().max(40).optional().describe('ETag of the version you edited; a stale one answers 412'),
});

/** Reads an If-Match header ("3", W/"3" or 3) as a version number; undefined when absent. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match?.[1]) {
    throw new AppError('invalid', 'REQUEST.BAD_IF_MATCH', `If-Match: "${header}" is not a version this API produced (use the ETag of a GET)`, { field: 'if-match' });
  }
  return Number(match[1]);
}
