/** `guanxi admin create` and `guanxi token create`. */
import type { Command } from 'commander';
import { DEFAULT_TENANT_ID } from '../../kernel/context.ts';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { createServices } from '../../app/server.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('administrator accounts');
  withDatabaseFlags(admin.command('create').description('create an administrator'))
    .requiredOption('--email <email>', 'sign-in e-mail')
    .requiredOption('--password <password>', 'at least 10 characters')
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .action(async (flags: DatabaseFlags & { email: string; password: string; name?: string }) => {
      const config = configFrom(flags);
      const database = await openConfiguredDatabase(config);
      try {
        await migrateDatabase(database);
        const { access } = createServices(database, config);
        if (flags.password.length < 10) throw new Error('--password: at least 10 characters');
        const user = await access.createUser(
          { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined },
          { email: flags.email, password: flags.password, displayName: flags.name ?? flags.email.split('@')[0] ?? flags.email, isAdmin: true },
        );
        process.stderr.write(`administrator ${user.email} created (id ${user.id})\n`);
      } finally {
        await database.close();
      }
    });

  const token = program.command('token').description('API tokens');
  withDatabaseFlags(token.command('create').description('create an API token for a user; prints only the token'))
    .requiredOption('--email <email>', "the user's e-mail")
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (flags: DatabaseFlags & { email: string; name: string }) => {
      const config = configFrom(flags);
      const database = await openConfiguredDatabase(config);
      try {
        await migrateDatabase(database);
        const { access } = createServices(database, config);
        const created = await access.createApiTokenForEmail(flags.email, flags.name);
        process.stdout.write(`${created.token}\n`);
      } finally {
        await database.close();
      }
    });
}
