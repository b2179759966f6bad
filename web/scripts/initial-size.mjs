// Prints the gzipped size of the JavaScript and CSS a first visit downloads before any page chunk: the entry
// script and every chunk index.html preloads. Usage: node web/scripts/initial-size.mjs (after a build).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let js = 0;
let css = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  if (file.endsWith('.js')) js += size;
  else css += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KiB  ${file}`);
}
console.log(`initial JS ${(js / 1024).toFixed(1)} KiB gzipped, CSS ${(css / 1024).toFixed(1)} KiB, in ${files.length} files`);
