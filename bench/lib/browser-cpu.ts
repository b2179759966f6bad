/**
 * CPU time the renderer's main thread actually ran while some browser work happened, from a Chromium trace (the
 * thread time, `tdur`, of top-level tasks). On a shared, oversubscribed machine wall-clock page loads mostly measure
 * waiting for a CPU; this measures the page's own work.
 */
import type { CDPSession } from 'playwright-core';

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } };

/**
 * `cpuMs`: all the main thread's CPU while `work` ran. `beforePaintMs`: the part spent in tasks that ended before the
 * page's first contentful paint (on the people list, the frame with the rows: the loading spinner is not content) —
 * null when the trace missed it. (The last largest-contentful-paint candidate was tried: a re-render after the
 * first paint can post a later one, which moved the cut.)
 */
export async function mainThreadCpu<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ result: T; cpuMs: number; beforePaintMs: number | null }> {
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata', 'loading'] }, transferMode: 'ReturnAsStream' });
  const result = await work();
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream ?? '')));
  await cdp.send('Tracing.end');
  const handle = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const events = (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mains.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const endOf = new Map<string, number>();
  let micros = 0;
  for (const task of tasks) {
    const thread = `${task.pid}:${task.tid}`;
    if (task.ts < (endOf.get(thread) ?? 0)) continue; // nested in a task already counted
    endOf.set(thread, task.ts + (task.dur ?? 0));
    micros += task.tdur ?? 0;
  }
  const paint = events.find((e) => e.name === 'firstContentfulPaint' && mains.has(`${e.pid}:${e.tid}`))?.ts;
  const beforePaint = paint === undefined ? null : tasks.filter((task) => task.ts + (task.dur ?? 0) <= paint).reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000;
  return { result, cpuMs: micros / 1000, beforePaintMs: beforePaint };
}
