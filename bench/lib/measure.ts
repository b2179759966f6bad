/** Timing helpers shared by the benchmarks: wall-clock runs, medians, ratios, and a tiny flag parser. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export async function timeIt<T>(work: () => Promise<T> | T): Promise<{ seconds: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { seconds: (performance.now() - start) / 1000, result };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const fmt = (seconds: number) => `${seconds.toFixed(2)} s`;

/** `--name value` pairs into a lookup with numeric defaults; `--flag` alone is true. */
export function flags(args: readonly string[]): { num(name: string, fallback: number): number; has(name: string): boolean; str(name: string): string | undefined } {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) continue;
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      values.set(arg.slice(2), next);
      i++;
    } else values.set(arg.slice(2), 'true');
  }
  return {
    num: (name, fallback) => (values.has(name) ? Number(values.get(name)) : fallback),
    has: (name) => values.has(name),
    str: (name) => values.get(name),
  };
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** CPU seconds (user + system) this process has used, all threads: DuckDB's worker threads included. */
export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * CPU seconds of a Linux process (utime + stime) plus those of its children it has reaped (cutime + cstime):
 * for a PostgreSQL postmaster that includes finished parallel workers. Clock ticks are assumed to be 100 Hz.
 */
export function linuxCpuSeconds(pid: number, withReapedChildren: boolean): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so utime (14) is index 11, stime 12, cutime 13, cstime 14.
  const n = (i: number) => Number(fields[i] ?? 0);
  return (n(11) + n(12) + (withReapedChildren ? n(13) + n(14) : 0)) / 100;
}
