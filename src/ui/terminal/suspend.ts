/**
 * Ctrl-Z for a raw-mode screen: the terminal sends no SIGTSTP in raw mode, so the key (or a
 * SIGTSTP from outside) lands here. Ink hands the terminal back (leaves the alternate screen,
 * raw mode off), the process stops itself with SIGSTOP, and on SIGCONT (fg) Ink re-enters the
 * alternate screen and redraws in full.
 */
import { once } from 'node:events';

type SuspendTerminal = (callback: () => Promise<void>) => Promise<void>;

export async function suspendSelf(suspendTerminal: SuspendTerminal): Promise<void> {
  await suspendTerminal(async () => {
    const resumed = once(process, 'SIGCONT');
    process.kill(process.pid, 'SIGSTOP');
    await resumed;
  });
}
