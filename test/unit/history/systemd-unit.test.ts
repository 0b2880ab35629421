/**
 * contrib/systemd/smoothtask-agent.service: `systemd-analyze verify` accepts it (with ExecStart
 * pointed at this checkout's bin/smoothtask, since /usr/bin/smoothtask is not installed here),
 * and it grants exactly the capabilities the agent reads the kernel with.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const UNIT = resolve('contrib/systemd/smoothtask-agent.service');
const haveAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('the agent service unit', () => {
  it.skipIf(!haveAnalyze)('passes systemd-analyze verify', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'smoothtask-unit-')), 'smoothtask-agent.service');
    writeFileSync(copy, readFileSync(UNIT, 'utf8').replace('/usr/bin/smoothtask', resolve('bin/smoothtask')));
    const r = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('bounds the capabilities to what the agent needs and stops it with SIGTERM', () => {
    const text = readFileSync(UNIT, 'utf8');
    const caps = ['CAP_BPF', 'CAP_PERFMON', 'CAP_SYS_PTRACE', 'CAP_DAC_READ_SEARCH'];
    expect(/^CapabilityBoundingSet=(.*)$/m.exec(text)![1].split(' ')).toEqual(caps);
    expect(text).toMatch(/^NoNewPrivileges=yes$/m);
    expect(text).toMatch(/^KillSignal=SIGTERM$/m);
    expect(text).toMatch(/^ExecStart=\/usr\/bin\/smoothtask agent /m);
  });
});
