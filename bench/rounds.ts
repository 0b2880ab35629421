/**
 * Rounds of one run (`--rounds K`): every monitor measured K times at each N, in turn, so that the
 * monitors of a round share the machine's state of that minute. On this VM one 10 s window moves
 * by a fifth either way, btop's as much as SmoothTask's (bench/README.md, "Method"), so a target
 * set as a ratio to btop can be met in one run and missed in the next. The report's tables and
 * targets take, for each monitor and N, the median of its rounds (peak RSS and first frame: the
 * worst round), and a table beside them gives each round's CPU and its ratio to btop's of the
 * same round.
 */
import { fmt, median, ratio } from './figures.ts';
import type { MonitorResult } from './measure.ts';

const defined = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
const medianOf = (xs: (number | undefined)[]): number | undefined => median(defined(xs));
const worstOf = (xs: (number | undefined)[]): number | undefined => {
  const values = defined(xs);
  return values.length === 0 ? undefined : Math.max(...values);
};

/** Each monitor's rounds at each N as one result: figures the median of its rounds, peak RSS and first frame the worst. */
export function mergeRounds(results: readonly MonitorResult[]): MonitorResult[] {
  const merged: MonitorResult[] = [];
  for (const r of results) {
    if (merged.some((m) => m.n === r.n && m.monitor === r.monitor)) continue;
    const all = results.filter((x) => x.n === r.n && x.monitor === r.monitor);
    const ok = all.filter((x) => !x.error);
    if (all.length === 1 || ok.length === 0) {
      merged.push(all[0]);
      continue;
    }
    merged.push({
      ...ok[0],
      cpuMsPerRefresh: medianOf(ok.map((x) => x.cpuMsPerRefresh)),
      steadyCpuMsPerRefresh: medianOf(ok.map((x) => x.steadyCpuMsPerRefresh)),
      peakRssBytes: worstOf(ok.map((x) => x.peakRssBytes)),
      bytesPerSecond: medianOf(ok.map((x) => x.bytesPerSecond)),
      firstFrameS: worstOf(ok.map((x) => x.firstFrameS)),
      hostBusyPercent: medianOf(ok.map((x) => x.hostBusyPercent)),
      error: all.find((x) => x.error)?.error,
    });
  }
  return merged;
}

/** Each round's CPU per refresh (first window; steady, when measured) and its ratio to btop's of the same round. */
export function roundsTable(results: readonly MonitorResult[], counts: readonly number[]): string[] {
  const rounds = Math.max(0, ...results.map((r) => r.round ?? 0));
  if (rounds < 2) return [];
  const steady = results.some((r) => r.steadyCpuMsPerRefresh !== undefined);
  const lines = [
    '### Each round: CPU per refresh (÷ btop of the same round)',
    '',
    `The other tables and the targets take each monitor's median over the ${rounds} rounds (peak RSS and first frame: its worst).`,
    '',
    `| N | monitor | ${Array.from({ length: rounds }, (_, i) => `round ${i + 1}`).join(' | ')} | median of the ratios |`,
    `|---:|---|${'---|'.repeat(rounds)}---:|`,
  ];
  for (const n of counts) {
    const monitors = [...new Set(results.filter((r) => r.n === n).map((r) => r.monitor))];
    for (const monitor of monitors) {
      const cells: string[] = [];
      const ratios: number[] = [];
      const steadyRatios: number[] = [];
      for (let round = 1; round <= rounds; round++) {
        const r = results.find((x) => x.n === n && x.monitor === monitor && x.round === round && !x.error);
        const btop = results.find((x) => x.n === n && x.monitor === 'btop' && x.round === round && !x.error);
        const first = ratio(r?.cpuMsPerRefresh, btop?.cpuMsPerRefresh);
        const later = ratio(r?.steadyCpuMsPerRefresh, btop?.steadyCpuMsPerRefresh);
        if (first !== undefined) ratios.push(first);
        if (later !== undefined) steadyRatios.push(later);
        const window = `${fmt(r?.cpuMsPerRefresh, 1)} (${fmt(first, 2)})`;
        cells.push(steady ? `${window}; ${fmt(r?.steadyCpuMsPerRefresh, 1)} (${fmt(later, 2)})` : window);
      }
      const medianRatios = steady ? `${fmt(median(ratios), 2)}; ${fmt(median(steadyRatios), 2)}` : fmt(median(ratios), 2);
      lines.push(`| ${fmt(n, 0)} | ${monitor} | ${cells.join(' | ')} | ${medianRatios} |`);
    }
  }
  return [...lines, ''];
}
