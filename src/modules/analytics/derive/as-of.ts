/**
 * The day live figures are "as of" (exclusive): the end of today in the tenant's time zone. A customer who has not
 * bought for a while grows more recent-less every day whether or not anybody else orders — unlike the file path
 * (CLI), which analyses a finished history as of the day after its last purchase. The day is the tenant's, not
 * UTC's: in Shanghai an order placed at 07:00 is today's, while UTC would still call it yesterday's until 08:00.
 */

/** Today's date (YYYY-MM-DD) in `timeZone` at `now`. */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The day after `day` (YYYY-MM-DD). */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** As-of day of live figures: purchases made today (tenant's time zone) count, with recency 0. */
export function liveAsOf(timeZone: string, now: Date): string {
  return dayAfter(todayIn(timeZone, now));
}
