/** Every `guanxi` sub-command, one file each. A new command adds its register function here. */
import type { Command } from 'commander';
import { registerAdmin } from './admin.ts';
import { registerAudit } from './audit.ts';
import { registerDemo } from './demo.ts';
import { registerImport } from './import.ts';
import { registerImportPeople } from './import-people.ts';
import { registerMigrate } from './migrate.ts';
import { registerOpenApi } from './openapi.ts';
import { registerServe } from './serve.ts';
import { registerAnalyticsCommands } from './analytics.ts';
import { registerIdentityCommands } from './identity.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerServe, registerMigrate, registerAdmin, registerAudit, registerDemo, registerImport, registerOpenApi, registerAnalyticsCommands, registerIdentityCommands, registerImportPeople];
