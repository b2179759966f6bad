/**
 * A people file's header row and first rows, read in the browser before uploading, and the field each column
 * will fill — by the server's own dictionary (src/modules/identity/import/header-aliases.ts), so the preview
 * is what the import will do. CSV, and Excel .xlsx through xlsx-preview.ts.
 */
import { assignFields, parseMapping } from '../../../../../src/modules/identity/import/header-aliases.ts';
import type { TouchpointField } from '../../../../../src/modules/identity/touchpoint.types.ts';
import { previewXlsx } from './xlsx-preview.ts';

export const IMPORT_FIELDS: TouchpointField[] = ['name', 'mobile', 'phone', 'email', 'address', 'company', 'birthDate', 'gender', 'wechat'];
export type { TouchpointField };

/** `unreadable`: an Excel workbook this browser cannot open (the server still maps its columns). */
export type FilePreview = { kind: 'table'; format: 'csv' | 'xlsx'; headers: string[]; rows: string[][] } | { kind: 'unreadable' };

const PREVIEW_BYTES = 256 * 1024;
const SAMPLE_ROWS = 5;

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (what Chinese Excel writes) — as the server decides. */
export function decodeHead(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return new TextDecoder('gb18030').decode(bytes, { stream: true });
  }
}

/** Splits CSV text into records of cells (quotes, doubled quotes, CRLF, line breaks inside quotes). */
export function parseCsv(text: string, limit: number): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && records.length < limit; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { cells.push(cell.trim()); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell.trim());
      if (cells.some((v) => v !== '')) records.push(cells);
      cells = [];
      cell = '';
    } else cell += c;
  }
  if (records.length < limit && (cell !== '' || cells.length)) {
    cells.push(cell.trim());
    if (cells.some((v) => v !== '')) records.push(cells);
  }
  return records;
}

export async function previewFile(file: File): Promise<FilePreview> {
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  const xlsx = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const records = xlsx ? await previewXlsx(file, SAMPLE_ROWS + 1) : parseCsv(decodeHead(head).replace(/^\uFEFF/, ''), SAMPLE_ROWS + 1);
  if (!records) return { kind: 'unreadable' };
  const [headers = [], ...rows] = records;
  return { kind: 'table', format: xlsx ? 'xlsx' : 'csv', headers, rows };
}

/** Each column's field given the user's choices (`header → field`), exactly as the server will assign them. */
export function previewMapping(headers: string[], choices: Record<string, TouchpointField>): Array<TouchpointField | undefined> {
  return assignFields(headers, parseMapping(mappingParameter(choices))).fields;
}

/** The `mapping` query parameter for the columns the user mapped by hand. */
export function mappingParameter(choices: Record<string, TouchpointField>): string | undefined {
  const pairs = Object.entries(choices).filter(([header]) => !/[,=]/.test(header)).map(([header, field]) => `${header}=${field}`);
  return pairs.length ? pairs.join(',') : undefined;
}
