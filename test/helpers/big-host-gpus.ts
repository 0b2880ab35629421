/**
 * The big host's 8 GPUs. NVML reads GPUs, not the fixture root, so they come from a recording:
 * one recorded H200, replicated. The device of test/fixtures/nvidia-h200-firecracker-vm/load
 * (SmoothTask's snapshot while a PyTorch matrix-product loop ran) is copied as indices 0..7; only
 * what must differ between devices differs (index, UUID, PCI bus id), and each copy's process is
 * the big host's training job for that GPU (trainerPids) in place of the recorded pid. Every
 * reading is the recorded one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GpuDevice, Snapshot, SourceStatus } from '../../src/types/snapshot.js';

const RECORDED = join(import.meta.dirname, '..', 'fixtures', 'nvidia-h200-firecracker-vm', 'load', 'snapshot.json');

/** The recorded H200 as GPUs 0..7, GPU i running `trainers[i]` where there is one. */
export function replicatedH200s(trainers: readonly number[], count = 8): { gpus: GpuDevice[]; source: SourceStatus } {
  const recorded = JSON.parse(readFileSync(RECORDED, 'utf8')) as Snapshot;
  const device = recorded.gpus[0];
  const gpus = Array.from({ length: count }, (_, i): GpuDevice => {
    const copy = structuredClone(device);
    copy.index = i;
    // The recorded UUID with its last group made distinct per copy, and a bus id per slot.
    copy.uuid = `${device.uuid!.slice(0, -2)}${i.toString(16).padStart(2, '0')}`;
    copy.pciBusId = `00000000:${(0x18 + 0x10 * i).toString(16).padStart(2, '0')}:00.0`;
    copy.processes = (device.processes ?? []).map((p) => ({ ...p, pid: trainers[i] ?? p.pid }));
    return copy;
  });
  const source = structuredClone(recorded.sources.gpus!);
  return { gpus, source: { ...source, reason: `${source.reason} (one recorded H200, replicated as ${count})` } };
}
