import { useEffect, useState } from 'react';

/**
 * False on the first render, true once the browser has painted it. The people list renders its rows first and its
 * filter and view controls right after: measured on the first list page, the controls were about a sixth of the
 * main thread's work before the first row could show (bench/RESULTS.md).
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // requestAnimationFrame runs before the next paint; the timeout after it lands just after that paint.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true));
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return painted;
}
