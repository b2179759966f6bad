/**
 * GUANXI_ANALYTICS_MEMORY_LIMIT: checked when the configuration is read (a wrong value stops the server with the
 * setting's name), and handed to DuckDB when the store opens.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../platform/config.ts';
import { openAnalyticsStore } from '../store.ts';

describe('the analytics store memory limit', () => {
  it('is read from GUANXI_ANALYTICS_MEMORY_LIMIT, empty by default, and a wrong value is refused by name', () => {
    expect(loadConfig({}, {}).analyticsMemoryLimit).toBe('');
    expect(loadConfig({}, { GUANXI_ANALYTICS_MEMORY_LIMIT: '4GB' }).analyticsMemoryLimit).toBe('4GB');
    expect(loadConfig({}, { GUANXI_ANALYTICS_MEMORY_LIMIT: '512 MiB' }).analyticsMemoryLimit).toBe('512 MiB');
    expect(() => loadConfig({}, { GUANXI_ANALYTICS_MEMORY_LIMIT: 'lots' })).toThrow(/analyticsMemoryLimit: a size such as 4GB/);
    expect(() => loadConfig({}, { GUANXI_ANALYTICS_MEMORY_LIMIT: '-1GB' })).toThrow(/analyticsMemoryLimit/);
  });

  it('is DuckDB\'s memory_limit for the store', async () => {
    const limited = await openAnalyticsStore({ memoryLimit: '256MB' });
    const unlimited = await openAnalyticsStore();
    try {
      const setting = async (store: typeof limited) => String((await store.exclusive((db) => db.one(`SELECT current_setting('memory_limit') AS v`)))?.v);
      expect(await setting(limited)).toMatch(/^24\d(\.\d+)? MiB$/); // 256 MB = 244.1 MiB
      expect(await setting(unlimited)).not.toBe(await setting(limited));
    } finally {
      await limited.close();
      await unlimited.close();
    }
  });
});
