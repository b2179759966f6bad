/**
 * `npm run bench -- <name> [args]` runs bench/<name>.bench.ts; without a name it lists them.
 * Each benchmark measures its reference in the same run and prints the ratio (see bench/RESULTS.md).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name> [args]\navailable: ${available.join(', ') || '(none)'}\n`);
  process.exit(name ? 2 : 0);
}
const module = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
  run: (args: string[]) => Promise<void>;
};
await module.run(args);
