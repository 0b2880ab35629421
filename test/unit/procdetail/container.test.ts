/**
 * Container identity from cgroup paths. These paths cannot be recorded on this VM (no container
 * runtime, no systemd); they are written from the layouts the runtimes document for the systemd
 * and cgroupfs cgroup drivers (Docker, containerd/CRI and nerdctl, Podman/libpod, CRI-O,
 * kubelet's kubepods hierarchy), plus the path this VM really has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerIdentity } from '../../../src/collectors/procdetail/parse/container.js';
import { describeContainer } from '../../../src/util/container.js';
import { parseCgroup } from '../../../src/collectors/processes/parse.js';
import { FIXTURE, PID } from './fixture.js';

const ID = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const POD = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';

describe('containerIdentity', () => {
  it.each([
    ['docker, systemd driver', `/system.slice/docker-${ID}.scope`, { runtime: 'docker', containerId: ID, systemdUnit: `docker-${ID}.scope` }],
    ['docker, cgroupfs driver', `/docker/${ID}`, { runtime: 'docker', containerId: ID }],
    ['containerd (nerdctl), systemd', `/system.slice/nerdctl-${ID}.scope`, { runtime: 'containerd', containerId: ID, systemdUnit: `nerdctl-${ID}.scope` }],
    ['containerd, cgroupfs', `/containerd/${ID}`, { runtime: 'containerd', containerId: ID }],
    ['podman, rootful', `/machine.slice/libpod-${ID}.scope/container`, { runtime: 'podman', containerId: ID, systemdUnit: `libpod-${ID}.scope` }],
    [
      'podman, rootless',
      `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope`,
      { runtime: 'podman', containerId: ID, systemdUnit: `libpod-${ID}.scope` },
    ],
    ['podman conmon', `/machine.slice/libpod-conmon-${ID}.scope`, { runtime: 'podman', containerId: ID, systemdUnit: `libpod-conmon-${ID}.scope` }],
    [
      'kubernetes burstable pod, containerd, systemd driver',
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD.replaceAll('-', '_')}.slice/cri-containerd-${ID}.scope`,
      { runtime: 'containerd', containerId: ID, podUid: POD, qosClass: 'burstable', systemdUnit: `cri-containerd-${ID}.scope` },
    ],
    [
      'kubernetes guaranteed pod, CRI-O, systemd driver',
      `/kubepods.slice/kubepods-pod${POD.replaceAll('-', '_')}.slice/crio-${ID}.scope`,
      { runtime: 'cri-o', containerId: ID, podUid: POD, qosClass: 'guaranteed', systemdUnit: `crio-${ID}.scope` },
    ],
    ['kubernetes besteffort pod, cgroupfs driver', `/kubepods/besteffort/pod${POD}/${ID}`, { containerId: ID, podUid: POD, qosClass: 'besteffort' }],
    ['systemd service', '/system.slice/nginx.service', { systemdUnit: 'nginx.service' }],
    ['systemd user scope', '/user.slice/user-1000.slice/session-3.scope', { systemdUnit: 'session-3.scope' }],
    ['root', '/', {}],
    ['a pod-looking name outside kubepods', '/system.slice/podman.service', { systemdUnit: 'podman.service' }],
  ])('%s', (_name, path, expected) => {
    expect(containerIdentity(path)).toEqual(expected);
  });

  it('finds nothing in the path recorded on this VM', () => {
    const path = parseCgroup(readFileSync(join(FIXTURE, String(PID), 'cgroup'), 'utf8'))!;
    expect(path).toBe('/process_api/7a02404e496f688b06fd2055e6f6a41e');
    // A 32-digit id under a non-runtime parent is not a container id.
    expect(containerIdentity(path)).toEqual({});
    expect(describeContainer(containerIdentity(path))).toBeUndefined();
  });

  it('describes what it found in one line', () => {
    expect(describeContainer(containerIdentity(`/kubepods/burstable/pod${POD}/${ID}`))).toBe(
      `container ${ID.slice(0, 12)} · kubernetes pod ${POD} (burstable)`,
    );
    expect(describeContainer(containerIdentity(`/system.slice/docker-${ID}.scope`))).toBe(`docker ${ID.slice(0, 12)} · systemd unit docker-${ID}.scope`);
  });
});
