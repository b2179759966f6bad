/** Equal monthly instalments that add up exactly to the amount (in cents; the last one takes the remainder). */
export function splitInstalments(amount: string, count: number, firstDueOn: string): { dueOn: string; amount: string }[] {
  const [whole = '0', fraction = ''] = amount.split('.');
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  const n = BigInt(Math.max(1, Math.floor(count)));
  const each = cents / n;
  const first = new Date(`${firstDueOn}T00:00:00Z`);
  return Array.from({ length: Number(n) }, (_, index) => {
    const part = index === Number(n) - 1 ? cents - each * (n - 1n) : each;
    const due = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + index, 1));
    // The same day of each month, or the month's last day when it is shorter (31 Jan → 28/29 Feb).
    const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
    due.setUTCDate(Math.min(first.getUTCDate(), lastDay));
    return { dueOn: due.toISOString().slice(0, 10), amount: `${part / 100n}.${String(part % 100n).padStart(2, '0')}` };
  });
}
