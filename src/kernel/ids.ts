/** UUIDv7: time-ordered ids, so new rows land at the right edge of the primary-key index. */
import { v7 as uuidv7, validate, version } from 'uuid';

// uuid's own v7 asks the system for 16 random bytes per id (a third of an import's id cost); here they come from a
// pool refilled 4 KiB at a time. Same layout and same ordering as uuid's default: within one millisecond the
// 32-bit sequence counts up from a random start, so ids made in order sort in order.
const pool = new Uint8Array(4096);
let used = pool.length;
const clock = { msecs: -Infinity, seq: 0 };

export const newId = (): string => {
  if (used === pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  const random = pool.subarray(used, (used += 16));
  const now = Date.now();
  if (now > clock.msecs) {
    clock.seq = (((random[6] as number) & 0x7f) << 24) | ((random[7] as number) << 16) | ((random[8] as number) << 8) | (random[9] as number);
    clock.msecs = now;
  } else {
    clock.seq = (clock.seq + 1) | 0;
    if (clock.seq === 0) clock.msecs++;
  }
  return uuidv7({ random, msecs: clock.msecs, seq: clock.seq });
};

export function isUuid(value: string): boolean {
  return validate(value);
}

export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}
