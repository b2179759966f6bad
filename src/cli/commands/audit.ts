/**
 * `guanxi audit verify` — seal what is pending, then check every link of the hash chain and that the chain still
 * agrees with the newest anchor kept outside the database; `guanxi audit anchor` prints the head to keep elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { migrateDatabase, openConfiguredDatabase } from '../../app/open.ts';
import { createServices } from '../../app/server.ts';
import { formatAnchor, parseAnchor, type Anchor } from '../../modules/audit/index.ts';
import { configFrom, withDatabaseFlags, type DatabaseFlags } from '../options.ts';

type VerifyFlags = DatabaseFlags & { anchor?: string[]; anchorFile?: string };

/** The anchors to check: those given, plus the newest line of the anchor file (it covers every earlier one). */
function anchorsFrom(flags: VerifyFlags, defaultFile: string): { anchors: Anchor[]; from: string[] } {
  const anchors: Anchor[] = [];
  const from: string[] = [];
  for (const text of flags.anchor ?? []) {
    const anchor = parseAnchor(text);
    if (!anchor) throw new Error(`--anchor ${text}: not an anchor (expected gxa1.<position>.<64 hex digits>)`);
    anchors.push(anchor);
    from.push('--anchor');
  }
  const file = flags.anchorFile ?? defaultFile;
  if (file && existsSync(file)) {
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
    const last = lines.at(-1);
    const anchor = last ? parseAnchor(last.split(' ').at(-1) ?? '') : null;
    if (last && !anchor) throw new Error(`${file}, line ${lines.length}: not an anchor line ("${last.slice(0, 80)}")`);
    if (anchor) {
      anchors.push(anchor);
      from.push(file);
    }
  } else if (flags.anchorFile) {
    throw new Error(`--anchor-file ${flags.anchorFile}: no such file`);
  }
  return { anchors, from };
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  withDatabaseFlags(audit.command('verify').description('verify the hash chain; exits 1 and names the first broken entry if anything was altered'))
    .option('--anchor <anchor...>', 'anchors taken earlier (guanxi audit anchor): the chain must still contain them')
    .option('--anchor-file <file>', 'file of anchor lines the server appends (default <data>/audit-anchors.log, or GUANXI_AUDIT_ANCHOR_FILE)')
    .action(async (flags: VerifyFlags) => {
      const config = configFrom(flags);
      const { anchors, from } = anchorsFrom(flags, config.auditAnchorFile);
      const database = await openConfiguredDatabase(config);
      const bar = new SingleBar({ format: 'verifying [{bar}] {value} entries', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
      try {
        await migrateDatabase(database);
        const { audit: service } = createServices(database, config);
        const sealed = await service.seal();
        bar.start(0, 0);
        const report = await service.verify((n) => {
          bar.setTotal(n);
          bar.update(n);
        }, anchors);
        bar.stop();
        if (report.ok) {
          const checkedAnchors = anchors.length > 0 ? `; agrees with ${anchors.length} anchor(s) from ${[...new Set(from)].join(', ')}` : '; no anchor to compare with (truncation of the newest entries would not show)';
          process.stderr.write(`audit trail intact: ${report.checked} entries verified (${sealed} newly sealed)${checkedAnchors}\n`);
        } else {
          process.stderr.write(`AUDIT TRAIL BROKEN at position ${report.problem?.chainPos} (event ${report.problem?.eventId ?? 'missing'}): ${report.problem?.reason}\n`);
          process.exitCode = 1;
        }
      } finally {
        bar.stop();
        await database.close();
      }
    });
  withDatabaseFlags(audit.command('anchor').description("seal pending entries and print the chain's head (gxa1.<position>.<hash>) to keep outside the database")).action(async (flags: DatabaseFlags) => {
    const config = configFrom(flags);
    const database = await openConfiguredDatabase(config);
    try {
      await migrateDatabase(database);
      const head = await createServices(database, config).audit.anchor();
      if (!head) {
        process.stderr.write('the audit trail is empty: nothing to anchor yet\n');
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${formatAnchor(head)}\n`);
    } finally {
      await database.close();
    }
  });
}
