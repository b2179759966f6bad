/** Every `guanxi` sub-command, one file each. A new command adds its register function here. */
import type { Command } from 'commander';
import { registerAnalyticsCommands } from './analytics.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerAnalyticsCommands];
