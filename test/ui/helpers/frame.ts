/** Reading rendered frames: strip SGR escapes, find the selected (inverse) line. */
const SGR = /\x1b\[[0-9;]*m/g;

export function plain(frame: string): string {
  return frame.replace(SGR, '');
}

export function lines(frame: string): string[] {
  return plain(frame).split('\n');
}

/** The PID on the selected row (drawn in inverse video in the no-colour theme). */
export function selectedPid(frame: string): number | undefined {
  for (const line of frame.split('\n')) {
    if (!line.includes('\x1b[7m')) continue;
    const m = /^\s*(\d+)\s/.exec(plain(line));
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** PIDs of the table rows, top to bottom. */
export function tablePids(frame: string): number[] {
  const ls = lines(frame);
  const header = ls.findIndex((l) => /^\s*PID.USER/.test(l));
  const out: number[] = [];
  for (const l of ls.slice(header + 1)) {
    const m = /^\s*(\d+)\s+\S/.exec(l);
    if (!m) break;
    out.push(Number(m[1]));
  }
  return out;
}
