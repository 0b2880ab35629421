/**
 * facts.ts: readFacts opens exactly the files factsFiles names, for every plan, cache state,
 * kernel thread or not and uid known or not, so that what a pass reads ahead (read-ahead.ts) is
 * what its facts reader then asks for, and nothing falls back to a read of its own.
 */
import { describe, expect, it } from 'vitest';
import { ProcessFactsCache, type ProcessFacts } from '../../../src/collectors/processes/cache.js';
import { factsFiles, readFacts, type FactsProcess } from '../../../src/collectors/processes/facts.js';
import type { FactFile, FactFiles } from '../../../src/collectors/processes/files.js';
import type { FactsPlan } from '../../../src/collectors/processes/plan.js';
import { FACT_FILE } from '../../../src/native/procfiles.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

const STATUS = 'Name:\tx\nUid:\t1000\t1000\t1000\t1000\nVmSize:\t 100 kB\nVmRSS:\t 50 kB\nRssFile:\t 10 kB\nRssShmem:\t 2 kB\n';

/** A FactFiles that answers every file and records the bits of those asked for. */
function recording(): FactFiles & { asked: number } {
  const files = {
    asked: 0,
    cmdline(): Buffer {
      files.asked |= FACT_FILE.cmdline;
      return Buffer.from('x\0-y\0');
    },
    optional(_dir: string, _pid: number, file: FactFile): string {
      files.asked |= FACT_FILE[file];
      return file === 'status' ? STATUS : '0::/user.slice\n';
    },
  };
  return files;
}

const PLANS: FactsPlan[] = (['cached', 'read'] as const).flatMap((facts) =>
  (['read', 'handOn', 'skip', 'reuse', 'defer'] as const).map((cgroup) => ({ facts, cgroup })),
);

describe('readFacts and factsFiles', () => {
  it.each(PLANS)('agree on the files read: %o', (plan) => {
    for (const kernelThread of [false, true]) {
      for (const uid of [undefined, 0]) {
        for (const hasCache of [false, true]) {
          const p: FactsProcess = { pid: 42, startTime: 7, comm: 'x', kernelThread, uid, sharedBytes: 4096 };
          const cached: ProcessFacts | undefined = hasCache ? { startTime: 7, comm: 'x', cmdline: 'x -y', uid: 1000, sharedBytes: 4096 } : undefined;
          const files = recording();
          const read = readFacts(files, new ReadBuffer(), '/nonexistent/42', p, plan, cached, new ProcessFactsCache(), 4096, 1024);
          expect(read, JSON.stringify({ kernelThread, uid, hasCache })).toBeDefined();
          expect(files.asked, JSON.stringify({ kernelThread, uid, hasCache })).toBe(factsFiles(p, plan, cached));
        }
      }
    }
  });
});
