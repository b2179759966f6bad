/**
 * Reading a people file row by row, streaming: CSV (UTF-8 with or without BOM, or GB18030/GBK as Chinese Excel
 * writes it) or Excel .xlsx (first sheet). The first row names the columns; English and Chinese headers map to
 * touchpoint fields automatically, `col=field` overrides. Every row keeps its line number and its raw cells (by
 * the file's own header), so a rejection names the line and the touchpoint stores what was received.
 */
import { Readable, Transform } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import { invalid } from '../../../kernel/errors.ts';
import type { TouchpointField, TouchpointInput } from '../touchpoint.normalise.ts';
import { mapHeaders, parseMapping, type HeaderMap } from './header-aliases.ts';

export { parseMapping };

export type FileRow = { line: number; raw: Record<string, string>; fields: TouchpointInput; problem?: string };

/** A cell longer than this rejects its row; a line longer than MAX_LINE stops the file (it is not a CSV). */
export const MAX_CELL = 10_000;
export const MAX_LINE = 1_000_000;
export type RowProblem = { line: number; reason: string };
export type FileFormat = 'csv' | 'xlsx';

function toRow(line: number, cells: string[], map: HeaderMap): FileRow {
  const raw: Record<string, string> = {};
  const fields: TouchpointInput = {};
  let problem: string | undefined;
  cells.forEach((cell, i) => {
    const header = map.headers[i] ?? `column_${i + 1}`;
    if (cell.length > MAX_CELL) {
      problem ??= `column ${i + 1} (${header.slice(0, 40)}): longer than ${MAX_CELL} characters`;
      return;
    }
    raw[header] = cell;
    const field = map.fields[i];
    if (field) fields[field] = cell;
  });
  return problem ? { line, raw: {}, fields: {}, problem } : { line, raw, fields };
}

/** Picks UTF-8 when the first bytes are valid UTF-8, else GB18030 (a superset of GBK); refuses binary and UTF-16. */
export function detectEncoding(head: Buffer): 'utf-8' | 'gb18030' {
  if (head.includes(0)) throw invalid('IDENTITY.BAD_ENCODING', 'the file is not text in UTF-8 or GBK (it contains NUL bytes: binary, or UTF-16?); save it as CSV UTF-8 or .xlsx', { line: 1 });
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function decoder(encoding: 'utf-8' | 'gb18030'): Transform {
  const text = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, text.decode(chunk, { stream: true }));
        offset += chunk.length;
      } catch {
        done(invalid('IDENTITY.BAD_ENCODING', `the file is not valid UTF-8 near byte ${offset}; save it as CSV UTF-8`, { byte: offset }));
      }
    },
    flush(done) {
      done(null, text.decode());
    },
  });
}

/** `head`: the first bytes of the file, from which the encoding is chosen. */
export async function* readCsv(input: Buffer | Readable, head: Buffer, mapping: Map<string, TouchpointField>, problems: RowProblem[]): AsyncGenerator<FileRow> {
  const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
  const encoding = detectEncoding(head);
  let fatal: Error | undefined;
  const decoding = decoder(encoding);
  const parser = source.pipe(decoding).pipe(
    parse({
      bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, max_record_size: MAX_LINE, skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        const at = error as (CsvError & { lines?: number }) | undefined;
        // After an oversized record the parser cannot find the next one reliably: stop rather than lose rows.
        if (error?.code === 'CSV_MAX_RECORD_SIZE') fatal ??= invalid('IDENTITY.LINE_TOO_LONG', `line ${at?.lines ?? '?'}: longer than ${MAX_LINE} characters — is this really a CSV (a quote left open)?`, { line: at?.lines ?? null });
        else problems.push({ line: at?.lines ?? 0, reason: `unreadable CSV: ${error?.message ?? 'bad record'}` });
        return undefined;
      },
    }),
  );
  // pipe() forwards no errors: a read error or undecodable bytes must end the parse, not leave it waiting.
  source.on('error', (error) => parser.destroy(error));
  decoding.on('error', (error) => parser.destroy(error));
  let map: HeaderMap | undefined;
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (fatal) throw fatal;
    if (!map) {
      map = mapHeaders(record.record, mapping);
      continue;
    }
    yield toRow(record.info.lines, record.record, map);
  }
  if (fatal) throw fatal;
  if (!map) throw invalid('IDENTITY.EMPTY_FILE', 'the file is empty: expected a header row (姓名, 手机, … or name, mobile, …) and rows', { line: 1 });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return String(v.text);
    return '';
  }
  return String(value as string | number | boolean).trim();
}

export async function* readXlsx(input: Buffer | Readable, mapping: Map<string, TouchpointField>): AsyncGenerator<FileRow> {
  const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  let map: HeaderMap | undefined;
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        const cells = (row.values as unknown[]).slice(1).map(cellText);
        if (!map) {
          map = mapHeaders(cells, mapping);
          continue;
        }
        if (cells.every((c) => c === '')) continue;
        yield toRow(row.number, cells, map);
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('IDENTITY.')) throw error;
    throw invalid('IDENTITY.BAD_EXCEL', `the file is not a readable Excel .xlsx workbook (${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'})`, {});
  }
  if (!map) throw invalid('IDENTITY.EMPTY_FILE', 'the workbook is empty: expected a header row on the first sheet', { line: 1 });
}

/** xlsx files are zip archives: sniffed from the bytes rather than trusted from the name. */
export function formatOf(head: Buffer, fileName: string): FileFormat {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (/\.xlsx?$/i.test(fileName) && head.length > 0) throw invalid('IDENTITY.BAD_EXCEL', `${fileName}: not a readable .xlsx workbook (old .xls files: save as .xlsx or CSV)`, {});
  return 'csv';
}
