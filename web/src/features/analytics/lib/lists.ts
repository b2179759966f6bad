/** "A、B和C" / "A, B, and C": lists joined the way the UI language writes them. */
export function joinList(locale: string, items: readonly string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
