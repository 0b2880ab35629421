/**
 * The /proc reader's counter histories (plan.ts CounterHistory) by pid: what the last pass read,
 * what this pass reads, and the histories of the pass before last, which no one reads any more
 * and which this pass writes again rather than make new ones. All three in one Map that lives as
 * long as the reader, a process's entry made once: a Map of thousands made anew each pass lived
 * two passes and was promoted to old space to die there, 0.24 MB a pass at 5,000 processes
 * (bench/README.md, "Objects that live an interval, written again").
 */
import type { CounterHistory } from './plan.js';

/** The passes a process's entry holds histories of: this one, the last, the one before. */
const GENERATIONS = 3;

/** A process's histories, one a pass modulo GENERATIONS, each with the number of the pass that set it. */
interface Generations {
  readonly histories: (CounterHistory | undefined)[];
  readonly passes: number[];
}

export class CounterHistories {
  private readonly byPid = new Map<number, Generations>();
  private pass = 0;
  private setThisPass = 0;

  /** How many processes this pass has set a history for; before nextPass(), the whole pass's. */
  get count(): number {
    return this.setThisPass;
  }

  /**
   * Start the next pass: what this one set becomes last()'s, what the one before set becomes
   * spare()'s. A process no pass of the last two set is let go (it exited, or its pid is read no
   * more).
   */
  nextPass(): void {
    this.pass += 1;
    this.setThisPass = 0;
    const oldest = this.pass - 2;
    // forEach, not for-of: no entry array a process.
    this.byPid.forEach((g, pid) => {
      if (g.passes[0] < oldest && g.passes[1] < oldest && g.passes[2] < oldest) this.byPid.delete(pid);
    });
  }

  /** The history the last pass set for `pid`, where it is of the process started at `startTime`. */
  last(pid: number, startTime: number): CounterHistory | undefined {
    const g = this.byPid.get(pid);
    const at = (this.pass - 1) % GENERATIONS;
    if (g === undefined || g.passes[at] !== this.pass - 1) return undefined;
    const h = g.histories[at];
    return h !== undefined && h.startTime === startTime ? h : undefined;
  }

  /**
   * A history of `pid`'s that no one reads any more (set two passes ago or earlier), handed over
   * to be written again, or undefined.
   */
  spare(pid: number): CounterHistory | undefined {
    const g = this.byPid.get(pid);
    if (g === undefined) return undefined;
    const at = (this.pass + 1) % GENERATIONS;
    const h = g.histories[at];
    g.histories[at] = undefined;
    return h;
  }

  /** This pass's history of `pid`. */
  set(pid: number, history: CounterHistory): void {
    let g = this.byPid.get(pid);
    if (g === undefined) this.byPid.set(pid, (g = { histories: [undefined, undefined, undefined], passes: [-1, -1, -1] }));
    const at = this.pass % GENERATIONS;
    g.histories[at] = history;
    g.passes[at] = this.pass;
    this.setThisPass += 1;
  }
}
