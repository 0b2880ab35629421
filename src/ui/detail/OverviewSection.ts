/**
 * Overview lines: command line (wrapped), exe, cwd, users and groups, state and scheduling,
 * start and elapsed time, cgroup and container, namespaces, then the parent chain and the
 * children as selectable links (Up/Down, Enter opens one).
 */
import type { Overview, ProcessLink } from '../../collectors/procdetail/types.js';
import { describeContainer } from '../../util/container.js';
import { fmtDuration, NA } from '../format.js';
import { field, line, wrapText, type Line } from './lines.js';

/** Links in cursor order: parents nearest first, then children. */
export function overviewLinks(o: Overview | undefined): ProcessLink[] {
  return o === undefined ? [] : [...o.parents, ...o.children];
}

function idText(id: number | undefined, name: string | undefined): string {
  if (id === undefined) return NA;
  return name === undefined ? String(id) : `${name} (${id})`;
}

function stamp(ms: number | undefined): string {
  return ms === undefined
    ? NA
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

export function overviewLines(o: Overview, width: number, linkCursor: number): Line[] {
  const out: Line[] = [];
  const cmd = o.cmdline === '' ? `[${o.comm}]` : o.cmdline;
  wrapText(cmd, Math.max(10, width - 15), ' '.repeat(15)).forEach((text, i) => out.push(i === 0 ? field('command', text) : line(text)));
  out.push(field('exe', o.exe ?? NA), field('cwd', o.cwd ?? NA));
  out.push(field('user', `real ${idText(o.uid?.real, o.realUser)}  effective ${idText(o.uid?.effective, o.effectiveUser)}`));
  out.push(field('group', `real ${idText(o.gid?.real, o.realGroup)}  effective ${idText(o.gid?.effective, o.effectiveGroup)}`));
  const rt = o.rtPriority !== undefined && o.rtPriority > 0 ? ` rt ${o.rtPriority}` : '';
  out.push(field('state', `${o.state}${o.kernelThread ? ' (kernel thread)' : ''}   nice ${o.nice}   priority ${o.priority}   policy ${o.policy ?? NA}${rt}`));
  out.push(field('started', `${stamp(o.startedAt)}   elapsed ${fmtDuration(o.elapsedSeconds)}`));
  out.push(field('threads', String(o.threads)));
  out.push(field('cgroup', o.cgroup ?? NA));
  out.push(field('container', describeContainer(o.container) ?? 'none (no runtime, pod or unit in the cgroup path)'));
  if (o.namespaces === undefined) out.push(field('namespaces', `${NA} (${o.namespaceReference})`));
  else if (o.namespaces.length === 0) out.push(field('namespaces', `all shared with ${o.namespaceReference}`));
  else {
    out.push(field('namespaces', `differ from ${o.namespaceReference}:`));
    for (const n of o.namespaces) out.push(line(`${' '.repeat(15)}${n.type} ${n.inode} (reference ${n.referenceInode})`));
  }
  out.push(line(''));
  let i = 0;
  out.push(line('parents (Enter opens)', { tone: 'title' }));
  if (o.parents.length === 0) out.push(line('  none', { tone: 'dim' }));
  for (const p of o.parents) {
    out.push(line(`${i === linkCursor ? '>' : ' '} ${String(p.pid).padStart(7)} ${p.comm}`, { selected: i === linkCursor }));
    i++;
  }
  out.push(line(`children (${o.children.length})`, { tone: 'title' }));
  if (o.children.length === 0) out.push(line('  none', { tone: 'dim' }));
  for (const c of o.children) {
    out.push(line(`${i === linkCursor ? '>' : ' '} ${String(c.pid).padStart(7)} ${c.comm}`, { selected: i === linkCursor }));
    i++;
  }
  return out;
}
