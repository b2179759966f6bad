/**
 * An address from its parts, largest first. Municipalities repeat themselves (上海市 is province and city), so a
 * part equal to the one before it is dropped; Chinese parts join without spaces, Latin ones with a space.
 */
export function joinAddress(parts: Array<string | null | undefined>): string {
  const kept = parts.filter((p): p is string => Boolean(p?.trim())).filter((p, i, all) => p !== all[i - 1]);
  return kept.reduce((text, part) => (text && (/[\u3400-\u9fff]$/.test(text) && /^[\u3400-\u9fff]/.test(part)) ? text + part : text ? `${text} ${part}` : part), '');
}
