/**
 * The monitors the bench measures, each set to refresh once a second with otherwise default
 * settings, and each given a fresh HOME so the user's configuration is neither read nor rewritten.
 * SmoothTask is measured twice when the bench runs as root: as root (its eBPF path) and as nobody
 * (its /proc path, what an ordinary user gets, which issue #2's targets are about).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..');
/** The launcher measured unless --bin names another (another build, or an installed package). */
export const defaultSmoothtaskBin = join(repoRoot, 'bin', 'smoothtask');

export type MonitorName = 'htop' | 'btop' | 'smoothtask' | 'smoothtask-proc';
export const MONITORS: readonly MonitorName[] = ['htop', 'btop', 'smoothtask', 'smoothtask-proc'];

export interface UnixUser {
  uid: number;
  gid: number;
}

/** nobody:nogroup on Debian. */
export const NOBODY: UnixUser = { uid: 65534, gid: 65534 };

/**
 * setpriv (util-linux) to nobody with no groups and no capabilities: what an ordinary user gets
 * (no eBPF). It execs the command, so the process keeps the PID it was started with. Needs root.
 */
export const UNPRIVILEGED: readonly string[] = ['setpriv', `--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', '--inh-caps=-all'];

export const isRoot = (): boolean => process.getuid?.() === 0;

/** Every monitor as root; without root smoothtask-proc cannot switch user (and smoothtask is already the /proc path). */
export const defaultMonitors = (): MonitorName[] => MONITORS.filter((m) => m !== 'smoothtask-proc' || isRoot());

export interface Monitor {
  name: MonitorName;
  /** The command line, the same 1 s refresh for all. */
  argv: string[];
  /** Write whatever configuration the monitor needs into its fresh config folder. */
  configure(xdgConfigHome: string): void;
  /** The user the command line switches to, when not the bench's own: its HOME must be handed over. */
  runsAs?: UnixUser;
  /**
   * Run once in the monitor's own environment before it is measured: SmoothTask's `--version`
   * fills its compile cache in the fresh HOME, as any start after the first finds it.
   */
  warm?: string[];
}

/**
 * Give a fresh HOME (mkdtemp: mode 0700, owned by the bench's user) and everything in it, the
 * config folder included (created if configure did not), to the user the monitor runs as.
 */
export function handHomeTo(home: string, xdgConfigHome: string, user: UnixUser): void {
  mkdirSync(xdgConfigHome, { recursive: true });
  for (const entry of ['', ...readdirSync(home, { recursive: true, encoding: 'utf8' })]) chownSync(join(home, entry), user.uid, user.gid);
}

/** The monitors, SmoothTask started through `smoothtaskBin`. */
export const monitorsWith = (smoothtaskBin: string): Record<MonitorName, Monitor> => ({
  // htop's -d is in tenths of a second.
  htop: { name: 'htop', argv: ['htop', '-d', '10'], configure: () => {} },
  // btop has no refresh flag; it reads $XDG_CONFIG_HOME/btop/btop.conf and defaults to 2000 ms.
  btop: {
    name: 'btop',
    argv: ['btop'],
    configure(xdg) {
      mkdirSync(join(xdg, 'btop'), { recursive: true });
      writeFileSync(join(xdg, 'btop', 'btop.conf'), 'update_ms = 1000\n');
    },
  },
  smoothtask: { name: 'smoothtask', argv: [smoothtaskBin, 'top', '--interval', '1'], configure: () => {}, warm: [smoothtaskBin, '--version'] },
  'smoothtask-proc': {
    name: 'smoothtask-proc',
    argv: [...UNPRIVILEGED, smoothtaskBin, 'top', '--interval', '1'],
    configure: () => {},
    runsAs: NOBODY,
    warm: [...UNPRIVILEGED, smoothtaskBin, '--version'],
  },
});

/** The environment every monitor runs under, and nothing else (CI is unset: Ink draws nothing under CI). */
export function monitorEnv(home: string, xdgConfigHome: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: xdgConfigHome,
    TERM: 'xterm-256color',
    // btop refuses to start without a UTF-8 locale; the same locale for all three keeps it fair.
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    NODE_ENV: 'production',
  };
}

/** Why a monitor cannot be measured here, or undefined when it can. */
export function unavailableReason(name: MonitorName, smoothtaskBin: string): string | undefined {
  if (name === 'htop' || name === 'btop') {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
      return undefined;
    } catch {
      return `${name} is not installed: apt-get install -y htop btop (see bench/debian-packages.txt)`;
    }
  }
  if (!existsSync(smoothtaskBin)) return `${smoothtaskBin} does not exist`;
  // `top` cannot be tried without a terminal, but --version loads the same modules (as nobody for
  // smoothtask-proc: the checkout must be readable by nobody, and setpriv must work).
  const argv = name === 'smoothtask-proc' ? [...UNPRIVILEGED, smoothtaskBin, '--version'] : [smoothtaskBin, '--version'];
  try {
    execFileSync(argv[0], argv.slice(1), { timeout: 30_000, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
    return undefined;
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '')
      .trim()
      .split('\n')
      .slice(0, 4)
      .join(' | ');
    return `${argv.join(' ')} fails (${stderr || (err as Error).message}); build it with \`npm run build\`${name === 'smoothtask-proc' ? ', and make the checkout readable by nobody' : ''}`;
  }
}

/** The monitor's version line, for the results header; undefined if it will not say. */
export function versionOf(name: MonitorName, smoothtaskBin: string): string | undefined {
  const argv = name === 'smoothtask' || name === 'smoothtask-proc' ? [smoothtaskBin, '--version'] : [name, '--version'];
  try {
    const out = execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().split('\n')[0];
  } catch {
    return undefined;
  }
}
