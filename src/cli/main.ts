/** Entry of the `guanxi` CLI: builds the commander program from the command registry and runs it. */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('guanxi')
    .description('Guanxi (关系) — open-source CRM')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`guanxi: ${message}\n`);
    process.exitCode = 1;
  }
}
