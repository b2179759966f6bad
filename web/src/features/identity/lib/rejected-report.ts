/**
 * The rejected-rows report as a CSV the user downloads: line, reason and — for a CSV upload, read again from the
 * file still in the browser — the line as it was in the file, so it can be fixed and imported again.
 */
import { toCsv } from '../../people/lib/csv.ts';
import { decodeHead } from './header-preview.ts';

export async function rejectedReportCsv(rejected: Array<{ line: number; reason: string }>, headings: [string, string, string], file: File | undefined): Promise<string> {
  let lines: string[] = [];
  if (file && !/\.xlsx$/i.test(file.name)) lines = decodeHead(new Uint8Array(await file.arrayBuffer())).replace(/^\uFEFF/, '').split(/\r?\n/);
  return toCsv(headings, rejected.map((r) => [String(r.line), r.reason, lines[r.line - 1] ?? '']));
}
