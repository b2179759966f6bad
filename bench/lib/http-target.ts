/**
 * The two servers under load, in a child process so the load generator does not share their event loop:
 * ours (the full app: auth, validation, serialisation) on PORT and a bare Fastify + pg endpoint on PORT+1
 * over the same database — the reference the ratio is taken against.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { buildServer } from '../../src/app/server.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';

const [url = '', portText = '0'] = process.argv.slice(2);
const port = Number(portText);

const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
const { app } = await buildServer(database, loadConfig({ databaseUrl: url, logLevel: 'silent' }, {}), false);
await app.listen({ port, host: '127.0.0.1' });

const pool = new pg.Pool({ connectionString: url, max: 10 });
const bare = Fastify({ logger: false });
bare.get<{ Params: { id: string } }>('/people/:id', async (request, reply) => {
  const { rows } = await pool.query('SELECT * FROM people WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL', ['00000000-0000-7000-8000-000000000001', request.params.id]);
  if (!rows[0]) return reply.code(404).send({ error: 'not found' });
  return rows[0];
});
await bare.listen({ port: port + 1, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  await bare.close();
  await pool.end();
  process.exit(0);
});
