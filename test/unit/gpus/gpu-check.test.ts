/**
 * scripts/gpu-check.sh on saved inputs: the documented-format host (agreeing numbers pass, a
 * difference beyond tolerance or a missing process fails) and what was recorded on a real H200
 * (test/fixtures/nvidia-h200-firecracker-vm), idle and under load.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../host/context.js';

const SCRIPT = new URL('../../../scripts/gpu-check.sh', import.meta.url).pathname;
const DIR = `${FIXTURES}nvidia-host-documented-format/nvidia-smi`;

const H200 = `${FIXTURES}nvidia-h200-firecracker-vm`;

function check(snapshotFile: string, smiDir = DIR) {
  const r = spawnSync('bash', [SCRIPT, '--snapshot', snapshotFile, '--smi-gpu', `${smiDir}/query-gpu.csv`, '--smi-apps', `${smiDir}/query-compute-apps.csv`], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(SCRIPT, '../../node_modules/.bin')}:${process.env.PATH}` },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('scripts/gpu-check.sh', () => {
  it('passes when every value is within tolerance, [N/A] matching n/a', () => {
    const r = check(`${DIR}/snapshot.json`);
    expect(r.out).toContain('all 39 comparisons within tolerance');
    expect(r.out).toMatch(/gpu0 fan %\s+n\/a\s+n\/a/);
    expect(r.status).toBe(0);
  });

  it('fails on a value beyond tolerance, a value only one side has, and a missing process', () => {
    const snapshot = JSON.parse(readFileSync(`${DIR}/snapshot.json`, 'utf8'));
    snapshot.gpus[0].temperatureC = 75;
    snapshot.gpus[1].fanPercent = 30;
    snapshot.gpus[0].processes = [];
    const file = join(mkdtempSync(join(tmpdir(), 'gpu-check-')), 'snapshot.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const r = check(file);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/gpu0 temperature C\s+75\s+61\s+±3\s+MISMATCH/);
    expect(r.out).toMatch(/gpu1 fan %\s+30\s+n\/a\s+±5\s+MISMATCH/);
    expect(r.out).toMatch(/pid 4242 on GPU-5c1b3a9e listed\s+absent\s+listed\s+exact\s+MISMATCH/);
    expect(r.out).toContain('4 of 39 comparisons differ');
  });

  it('agrees with nvidia-smi on a real H200, idle', () => {
    const r = check(`${H200}/idle/snapshot.json`, `${H200}/idle`);
    expect(r.out).toMatch(/gpu0 name\s+NVIDIA H200\s+NVIDIA H200\s+exact\s+ok/);
    expect(r.out).toMatch(/gpu0 mem total MiB\s+143771\s+143771/);
    expect(r.out).toContain('all 19 comparisons within tolerance');
    expect(r.status).toBe(0);
  });

  it('agrees with nvidia-smi on a real H200 under load, the workload listed with its memory', () => {
    const r = check(`${H200}/load/snapshot.json`, `${H200}/load`);
    expect(r.out).toMatch(/gpu0 util %\s+100\s+100/);
    expect(r.out).toMatch(/pid 634 GPU mem MiB\s+1130\s+1130\s+±16\s+ok/);
    expect(r.out).toContain('all 21 comparisons within tolerance');
    expect(r.status).toBe(0);
  });
});
