/**
 * Container identity read from a cgroup path (cgroups(7)): which runtime placed the process
 * (Docker, containerd, Podman, CRI-O), its container id, the Kubernetes pod and QoS class, and
 * the systemd unit. Both layouts are recognised: the systemd driver (`docker-<id>.scope`,
 * `kubepods-burstable-pod<uid>.slice`) and the cgroupfs driver (`/docker/<id>`,
 * `/kubepods/burstable/pod<uid>/<id>`). Pure: a path in, facts out.
 */

export type ContainerRuntime = 'docker' | 'containerd' | 'podman' | 'cri-o';

export interface ContainerIdentity {
  runtime?: ContainerRuntime;
  /** Full container id (64 hex digits as the runtime wrote it). */
  containerId?: string;
  /** Kubernetes pod uid (dashes restored where the systemd driver wrote underscores). */
  podUid?: string;
  /** Kubernetes QoS class: guaranteed pods have no class segment. */
  qosClass?: 'guaranteed' | 'burstable' | 'besteffort';
  /** The innermost systemd unit (.service or .scope) on the path. */
  systemdUnit?: string;
}

const HEX_ID = '([0-9a-f]{12,64})';

/** Unit-name prefixes (systemd driver) and parent directories (cgroupfs driver) per runtime. */
const SCOPE_PATTERNS: [RegExp, ContainerRuntime][] = [
  [new RegExp(`^docker-${HEX_ID}\\.scope$`), 'docker'],
  [new RegExp(`^cri-containerd-${HEX_ID}\\.scope$`), 'containerd'],
  [new RegExp(`^nerdctl-${HEX_ID}\\.scope$`), 'containerd'],
  [new RegExp(`^libpod-${HEX_ID}\\.scope$`), 'podman'],
  [new RegExp(`^crio-${HEX_ID}\\.scope$`), 'cri-o'],
];
const CONMON = new RegExp(`^libpod-conmon-${HEX_ID}\\.scope$`);
const BARE_ID = new RegExp(`^${HEX_ID}$`);
/** `pod<uid>` (cgroupfs) or `kubepods[-<qos>]-pod<uid>.slice` (systemd, uid dashes as '_'). */
const POD = /^(?:kubepods(?:-(burstable|besteffort))?-)?pod([0-9a-f][0-9a-f_-]{7,})(?:\.slice)?$/;

type PodQos = NonNullable<ContainerIdentity['qosClass']>;

/** The QoS class from the directories above a pod: `kubepods-burstable.slice` or `burstable`. */
function qosOfAncestors(ancestors: string[]): PodQos | undefined {
  for (const p of ancestors) {
    const m = /^(?:kubepods-)?(burstable|besteffort)(?:\.slice)?$/.exec(p);
    if (m !== null) return m[1] as PodQos;
  }
  return undefined;
}

const PARENT_RUNTIME: Record<string, ContainerRuntime> = {
  docker: 'docker',
  containerd: 'containerd',
  libpod_parent: 'podman',
};

/**
 * Identify the container, pod and systemd unit from a cgroup path such as
 * `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e..._5d.slice/cri-containerd-ab12….scope`.
 * Fields stay undefined when the path says nothing about them.
 */
export function containerIdentity(cgroupPath: string): ContainerIdentity {
  const out: ContainerIdentity = {};
  const parts = cgroupPath.split('/').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    for (const [re, runtime] of SCOPE_PATTERNS) {
      const m = re.exec(part);
      if (m !== null) {
        out.runtime = runtime;
        out.containerId = m[1];
      }
    }
    // libpod-conmon-<id>.scope is Podman's monitor process for that container.
    const conmon = CONMON.exec(part);
    if (conmon !== null) {
      out.runtime = 'podman';
      out.containerId = conmon[1];
    }
    const parentRuntime = i > 0 ? PARENT_RUNTIME[parts[i - 1]] : undefined;
    if (parentRuntime !== undefined && BARE_ID.test(part)) {
      out.runtime = parentRuntime;
      out.containerId = part;
    }
    const pod = POD.exec(part);
    if (pod !== null && parts.slice(0, i).some((p) => p.startsWith('kubepods'))) {
      out.podUid = pod[2].replaceAll('_', '-');
      out.qosClass = (pod[1] as PodQos | undefined) ?? qosOfAncestors(parts.slice(0, i)) ?? 'guaranteed';
      // Under the cgroupfs driver a pod's containers are directories named by their bare id.
      const next = parts[i + 1];
      if (next !== undefined && out.containerId === undefined && BARE_ID.test(next)) out.containerId = next;
    }
    if (/\.(service|scope)$/.test(part)) out.systemdUnit = part;
  }
  return out;
}
