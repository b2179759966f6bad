/**
 * The first rows of an Excel .xlsx workbook's first sheet, read in the browser for the mapping preview. An .xlsx is
 * a zip of XML parts: the zip directory is read from the end of the file, and only the parts needed (workbook,
 * its relations, shared strings, the first sheet) are inflated with the browser's own DecompressionStream — and
 * of the sheet and the shared strings only the beginning, so a large workbook costs no more than a small one.
 * Anything unexpected (zip64, encryption, an odd layout) answers null: the server then maps the columns itself.
 */

type Entry = { method: number; compressedSize: number; localOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Enough of a sheet for the header row and a few rows, and of the shared strings for the words they use. */
const SHEET_BYTES = 512 * 1024;
const STRINGS_BYTES = 2 * 1024 * 1024;

function directory(bytes: DataView): Map<string, Entry> | null {
  // The end record is within the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
  let end = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 65_557); i--) {
    if (bytes.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.getUint16(end + 10, true);
  let at = bytes.getUint32(end + 16, true);
  const names = new TextDecoder();
  const entries = new Map<string, Entry>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.byteLength || bytes.getUint32(at, true) !== CENTRAL) return null;
    const nameLength = bytes.getUint16(at + 28, true);
    const extra = bytes.getUint16(at + 30, true);
    const comment = bytes.getUint16(at + 32, true);
    const name = names.decode(new Uint8Array(bytes.buffer, bytes.byteOffset + at + 46, nameLength));
    entries.set(name, { method: bytes.getUint16(at + 10, true), compressedSize: bytes.getUint32(at + 20, true), localOffset: bytes.getUint32(at + 42, true) });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** The start (up to `limit` characters) of one part of the zip, as text. */
async function readPart(file: ArrayBuffer, entry: Entry, limit: number): Promise<string | null> {
  const view = new DataView(file);
  if (view.getUint32(entry.localOffset, true) !== LOCAL) return null;
  const start = entry.localOffset + 30 + view.getUint16(entry.localOffset + 26, true) + view.getUint16(entry.localOffset + 28, true);
  const data = new Uint8Array(file, start, Math.min(entry.compressedSize, file.byteLength - start));
  if (entry.method === 0) return new TextDecoder().decode(data.subarray(0, limit));
  if (entry.method !== 8) return null;
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')).pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
  } catch {
    if (!text) return null; // a broken stream after some text still previews what was read
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) =>
    code.startsWith('#x') || code.startsWith('#X') ? String.fromCodePoint(parseInt(code.slice(2), 16)) : code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : (ENTITIES[code] ?? whole));

/** Each <si>'s text (rich text runs joined). */
function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) => [...(si[1] ?? '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1] ?? '')).join(''));
}

/** A1 → 0, AB7 → 27. */
function columnIndex(ref: string): number {
  let index = 0;
  for (const letter of ref.replace(/\d+$/, '')) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

function rowsOf(sheet: string, strings: string[], limit: number): string[][] {
  const rows: string[][] = [];
  for (const row of sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: string[] = [];
    for (const cell of (row[1] ?? '').matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1] ?? '';
      const body = cell[2] ?? '';
      const ref = /\br="([A-Z]+\d+)"/.exec(attributes)?.[1];
      const type = /\bt="(\w+)"/.exec(attributes)?.[1];
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      const text = type === 's' ? (strings[Number(value)] ?? '…') : type === 'inlineStr' ? [...body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1] ?? '')).join('') : unescapeXml(value ?? '');
      cells[ref ? columnIndex(ref) : cells.length] = text.trim();
    }
    const filled = Array.from(cells, (c) => c ?? '');
    if (filled.some((c) => c !== '')) rows.push(filled);
    if (rows.length >= limit) break;
  }
  return rows;
}

/** The first sheet's path: workbook.xml names it, its relations file says where it is. */
async function firstSheetPath(file: ArrayBuffer, entries: Map<string, Entry>): Promise<string> {
  const fallback = 'xl/worksheets/sheet1.xml';
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return fallback;
  const id = /<sheet\s[^>]*\br:id="([^"]+)"/.exec((await readPart(file, workbook, 256 * 1024)) ?? '')?.[1];
  const relations = (await readPart(file, rels, 256 * 1024)) ?? '';
  const target = id ? new RegExp(`<Relationship\\s[^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(relations)?.[1] ?? new RegExp(`<Relationship\\s[^>]*Target="([^"]+)"[^>]*Id="${id}"`).exec(relations)?.[1] : undefined;
  if (!target) return fallback;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Header row and the next rows of the first sheet, or null when the workbook cannot be previewed here. */
export async function previewXlsx(file: File, limit: number): Promise<string[][] | null> {
  if (typeof DecompressionStream === 'undefined') return null;
  try {
    const buffer = await file.arrayBuffer();
    const entries = directory(new DataView(buffer));
    if (!entries) return null;
    const sheet = entries.get(await firstSheetPath(buffer, entries));
    if (!sheet) return null;
    const stringsEntry = entries.get('xl/sharedStrings.xml');
    const strings = stringsEntry ? sharedStrings((await readPart(buffer, stringsEntry, STRINGS_BYTES)) ?? '') : [];
    const xml = await readPart(buffer, sheet, SHEET_BYTES);
    return xml === null ? null : rowsOf(xml, strings, limit);
  } catch {
    return null;
  }
}
