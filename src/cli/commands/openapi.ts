/** `guanxi openapi` — write the OpenAPI document the server would serve (CI compares it with openapi.json). */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openDatabase } from '../../platform/db/database.ts';
import { loadConfig } from '../../platform/config.ts';
import { buildServer } from '../../app/server.ts';

export async function renderOpenApi(): Promise<string> {
  // The document depends on the routes only; an in-memory database that is never queried is enough.
  const database = await openDatabase({ kind: 'pglite-memory' });
  try {
    const { app } = await buildServer(database, loadConfig({}, {}), false);
    await app.ready();
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    return text;
  } finally {
    await database.close();
  }
}

export function registerOpenApi(program: Command): void {
  program
    .command('openapi')
    .description('print or write the OpenAPI 3.1 document')
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (flags: { output?: string }) => {
      const text = await renderOpenApi();
      if (flags.output) writeFileSync(flags.output, text);
      else process.stdout.write(text);
    });
}
