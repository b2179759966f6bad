/**
 * Calendar dates as people type them: `2024-01-02`, `2024/1/2`, `2024.1.2`, `2024年1月2日`, `20240102`,
 * `02/01/2024`. Full-width digits are accepted. A day-first/month-first string such as `02/01/2024` is truly
 * ambiguous: we never guess silently — the caller states the order it expects and the result says whether the
 * other reading was also a valid date, so that matching can treat a day/month swap as partial agreement.
 */

export type CalendarDate = {
  year: number;
  month: number;
  day: number;
  /** True when the text also reads as a different valid date with day and month swapped. */
  ambiguous: boolean;
};

export type DateOrder = 'DMY' | 'MDY';

export type ParseDateOptions = {
  /** How to read `aa/bb/yyyy` when both aa and bb are ≤ 12. Default 'DMY' (Hong Kong, Taiwan forms, UK). */
  order?: DateOrder;
  /** Two-digit years are refused unless a pivot is given: yy < pivot → 20yy, else 19yy. */
  twoDigitYearPivot?: number;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= max;
}

function make(year: number, month: number, day: number, ambiguous = false): CalendarDate | null {
  return isValidDate(year, month, day) ? { year, month, day, ambiguous } : null;
}

function expandYear(text: string, pivot: number | undefined): number | null {
  const value = Number(text);
  if (text.length === 4) return value;
  if (text.length === 2 && pivot !== undefined) return value < pivot ? 2000 + value : 1900 + value;
  return null;
}

const YEAR_FIRST = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_LAST = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})$/;

/** Parses one date; returns null for anything that is not a valid calendar date (never throws). */
export function parseDate(text: string, options: ParseDateOptions = {}): CalendarDate | null {
  const cleaned = text.normalize('NFKC').trim().replace(/\s*(?:T|\s)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, '');
  if (!cleaned) return null;
  let match = YEAR_FIRST.exec(cleaned) ?? COMPACT.exec(cleaned);
  if (match) return make(Number(match[1]), Number(match[2]), Number(match[3]));
  match = YEAR_LAST.exec(cleaned);
  if (!match) return null;
  const year = expandYear(match[3] ?? '', options.twoDigitYearPivot);
  if (year === null) return null;
  const first = Number(match[1]);
  const second = Number(match[2]);
  const dayFirst = make(year, second, first);
  const monthFirst = make(year, first, second);
  const preferDayFirst = (options.order ?? 'DMY') === 'DMY';
  const preferred = preferDayFirst ? dayFirst : monthFirst;
  const other = preferDayFirst ? monthFirst : dayFirst;
  if (preferred && other && first !== second) return { ...preferred, ambiguous: true };
  return preferred ?? other;
}

/** `2024-01-02` */
export function formatIsoDate(date: Pick<CalendarDate, 'year' | 'month' | 'day'>): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Integer yyyymmdd (0 for none): a compact, comparable code for typed arrays. */
export function dateToInt(date: Pick<CalendarDate, 'year' | 'month' | 'day'> | null): number {
  return date ? date.year * 10000 + date.month * 100 + date.day : 0;
}
