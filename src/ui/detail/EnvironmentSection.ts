/**
 * Environment lines: shown only after its key, and only for the viewer's own processes or to
 * root; values whose names look secret are masked until revealed.
 */
import type { EnvVar } from '../../collectors/procdetail/parse/environ.js';
import { looksSecret, MASK } from '../../util/secrets.js';
import { line, type Line } from './lines.js';
import { compareText } from '../../util/compareText.js';

export function environmentLines(vars: EnvVar[], reveal: boolean): Line[] {
  const masked = vars.filter((v) => looksSecret(v.name)).length;
  const out: Line[] = [
    line(`${vars.length} variables; ${masked} look secret and are ${reveal ? 'SHOWN (v hides them)' : 'masked (v reveals them)'}`, {
      tone: reveal ? 'warn' : 'dim',
    }),
  ];
  for (const v of [...vars].sort((a, b) => compareText(a.name, b.name))) {
    out.push(line(`${v.name}=${looksSecret(v.name) && !reveal ? MASK : v.value}`));
  }
  return out;
}
