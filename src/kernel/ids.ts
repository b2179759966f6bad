/** UUIDv7: time-ordered ids, so new rows land at the right edge of the primary-key index. */
import { v7 as uuidv7, validate, version } from 'uuid';

export const newId = (): string => uuidv7();

export function isUuid(value: string): boolean {
  return validate(value);
}

export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}
