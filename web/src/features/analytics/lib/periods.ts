/** The dashboard's period choices as order-day ranges (inclusive, YYYY-MM-DD) for the cube. */
export const PERIOD_PRESETS = ['all', 'last12Months', 'thisYear', 'lastYear'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function periodRange(preset: PeriodPreset, today: Date): { from?: string; to?: string } {
  const year = today.getUTCFullYear();
  switch (preset) {
    case 'all':
      return {};
    case 'last12Months': {
      const from = new Date(Date.UTC(year, today.getUTCMonth() - 12, today.getUTCDate() + 1));
      return { from: iso(from), to: iso(today) };
    }
    case 'thisYear':
      return { from: `${year}-01-01`, to: iso(today) };
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  }
}

/** The API's `asOf` is the day the figures stand at the start of; the last day they include is the one before. */
export function lastIncludedDay(asOf: string): string {
  return new Date(Date.parse(`${asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
