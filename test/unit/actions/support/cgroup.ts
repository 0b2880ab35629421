/**
 * A real cgroup v1 for the weight tests, made under a hierarchy of this host (/sys/fs/cgroup/cpu
 * here) and removed after: processes moved into it, and moved back to the hierarchy's root before
 * it is removed (a cgroup with members cannot be).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The v1 hierarchy folder named `name`, where it is mounted and holds `file` (cpu.shares). */
export function v1Hierarchy(name: string, file: string): string | undefined {
  const dir = join('/sys/fs/cgroup', name);
  return existsSync(join(dir, file)) && process.getuid?.() === 0 ? dir : undefined;
}

export interface TestCgroup {
  /** Its path in the hierarchy, as /proc/PID/cgroup shows it: "/smoothtask-test-123-cpu". */
  path: string;
  dir: string;
  join(pid: number): void;
  read(file: string): string;
  write(file: string, text: string): void;
  /** Move every member back to the root and remove the folder; safe to call twice. */
  remove(): void;
}

export function makeCgroup(hierarchyDir: string, tag: string): TestCgroup {
  const path = `/smoothtask-test-${process.pid}-${tag}`;
  const dir = join(hierarchyDir, path);
  mkdirSync(dir);
  return {
    path,
    dir,
    join: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)),
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    write: (file, text) => writeFileSync(join(dir, file), text),
    remove() {
      if (!existsSync(dir)) return;
      for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
        try {
          writeFileSync(join(hierarchyDir, 'cgroup.procs'), pid);
        } catch (err) {
          // ESRCH: it exited meanwhile, nothing to move.
          if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
        }
      }
      rmdirSync(dir);
    },
  };
}
