/** A container identity (src/collectors/procdetail/parse/container.ts) in words, for the detail view. Pure. */
import type { ContainerIdentity } from '../collectors/procdetail/parse/container.js';

/** One line for the overview: "docker 3f4e5a6b7c8d · pod 1f2e… (burstable) · docker-….scope". */
export function describeContainer(id: ContainerIdentity): string | undefined {
  const parts: string[] = [];
  if (id.runtime !== undefined || id.containerId !== undefined) {
    parts.push(`${id.runtime ?? 'container'} ${id.containerId?.slice(0, 12) ?? ''}`.trim());
  }
  if (id.podUid !== undefined) parts.push(`kubernetes pod ${id.podUid} (${id.qosClass})`);
  if (id.systemdUnit !== undefined) parts.push(`systemd unit ${id.systemdUnit}`);
  return parts.length === 0 ? undefined : parts.join(' · ');
}
