/** A lock file holding the owner's pid: refuses a second live process, takes over from a dead one. */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

export type DirLock = { release(): void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDirLock(path: string): DirLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isFinite(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the data folder is in use by another Guanxi process (pid ${owner}); stop it first, or use DATABASE_URL for several processes`,
        );
      }
      rmSync(path, { force: true }); // stale lock from a killed process
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
