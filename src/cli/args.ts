/**
 * Command-line parsing: `smoothtask [top|snapshot|doctor|why|fleet] [flags]`. Pure, so it is tested without
 * a process. A bad flag is a UsageError, which the CLI reports with exit code 2.
 */
import { parseListenAddress } from '../exporter/listen.js';

export type Command = 'top' | 'snapshot' | 'doctor' | 'why' | 'advisor-undo' | 'fleet';

export interface CliOptions {
  command: Command;
  json: boolean;
  /** Refresh interval in ms from --interval; undefined means the config's (or the default). */
  intervalMs?: number;
  configPath?: string;
  /** --listen: serve Prometheus metrics at this address (top). */
  listen?: string;
  /** --web-config: node_exporter's web config file for that endpoint. */
  webConfig?: string;
  noColor: boolean;
  ascii: boolean;
  help: boolean;
  version: boolean;
  /** `fleet`'s flags. */
  fleet: FleetArgs;
}

/** How `fleet` reaches Prometheus. */
export interface FleetArgs {
  prometheus?: string;
  bearerTokenFile?: string;
  basicAuthFile?: string;
  /** PromQL rate window ("1m"); a few scrape intervals. */
  rateWindow?: string;
}

export class UsageError extends Error {}

const MIN_INTERVAL_MS = 100;
const MAX_INTERVAL_MS = 3_600_000;

export const USAGE = `Usage: smoothtask [command] [options]

Commands:
  top                 full-screen monitor (default)
  snapshot [--json]   one sample (two reads, so rates exist) printed to stdout
  doctor [--json]     every collector and backend: available or not, why, and what to do
  why [--json]        what limits this host now, the evidence, who causes it and who suffers
  advisor undo        reverse the advisor's automatic actions (nice, I/O priority, SIGSTOP)
  fleet --prometheus URL   every host a Prometheus scrapes, one row each (docs/fleet.md)

Options:
  --interval TIME     refresh interval: seconds (1, 0.5) or with a unit (500ms, 2s); default 1s
  --config PATH       config file (default $SMOOTHTASK_CONFIG, else ~/.config/smoothtask/config.toml)
  --listen ADDR       top: serve Prometheus metrics at ADDR/metrics (127.0.0.1:9310; PORT alone is loopback)
  --web-config FILE   TLS and basic auth for --listen, in node_exporter's web config format
  --no-color          no colours (also when NO_COLOR is set)
  --ascii             no Unicode box drawing, braille or block characters
  --json              machine-readable output (snapshot, doctor, why)
  -h, --help          this help
  -V, --version       the version

Fleet options:
  --prometheus URL          the Prometheus to read (http://host:9090)
  --bearer-token-file F     send the token in F (Authorization: Bearer)
  --basic-auth-file F       send user:password from F's first line (basic auth)
  --rate-window W           PromQL rate window, a few scrape intervals (default 1m)
  --interval TIME           refresh interval for fleet (default 5s)
`;

/** Parse "1", "0.5", "500ms", "2s" into milliseconds. */
export function parseInterval(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--interval: expected seconds (1, 0.5) or a time with a unit (500ms, 2s), got '${text}'`);
  const ms = m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
  if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new UsageError(`--interval: must be between ${MIN_INTERVAL_MS} ms and 1 hour, got '${text}'`);
  }
  return Math.round(ms);
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const opts: CliOptions = {
    command: 'top',
    json: false,
    intervalMs: undefined,
    configPath: undefined,
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
    ascii: false,
    help: false,
    version: false,
    fleet: {},
  };
  let commandSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag}: needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case 'top':
      case 'snapshot':
      case 'doctor':
      case 'why':
      case 'fleet':
        if (commandSeen) throw new UsageError(`only one command at a time (got '${arg}' after '${opts.command}')`);
        opts.command = flag;
        commandSeen = true;
        break;
      case 'advisor':
        if (commandSeen) throw new UsageError(`only one command at a time (got '${arg}' after '${opts.command}')`);
        if (argv[i + 1] !== 'undo') throw new UsageError(`advisor: the only subcommand is 'undo'${argv[i + 1] === undefined ? '' : `, got '${argv[i + 1]}'`}`);
        i += 1;
        opts.command = 'advisor-undo';
        commandSeen = true;
        break;
      case '--json':
        opts.json = true;
        break;
      case '--interval':
      case '-d':
        opts.intervalMs = parseInterval(value());
        break;
      case '--config':
        opts.configPath = value();
        break;
      case '--listen':
        opts.listen = value();
        break;
      case '--web-config':
        opts.webConfig = value();
        break;
      case '--no-color':
      case '--no-colour':
        opts.noColor = true;
        break;
      case '--ascii':
        opts.ascii = true;
        break;
      case '--prometheus':
        opts.fleet.prometheus = value();
        break;
      case '--bearer-token-file':
        opts.fleet.bearerTokenFile = value();
        break;
      case '--basic-auth-file':
        opts.fleet.basicAuthFile = value();
        break;
      case '--rate-window':
        opts.fleet.rateWindow = value();
        if (!/^\d+[smh]$/.test(opts.fleet.rateWindow))
          throw new UsageError(`--rate-window: a PromQL duration such as 1m or 90s, got '${opts.fleet.rateWindow}'`);
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      case '-V':
      case '--version':
        opts.version = true;
        break;
      default:
        throw new UsageError(arg.startsWith('-') ? `unknown option '${arg}'` : `unknown command '${arg}'`);
    }
  }
  if (opts.json && (opts.command === 'top' || opts.command === 'advisor-undo' || opts.command === 'fleet')) {
    throw new UsageError(`--json goes with \`snapshot\`, \`doctor\` or \`why\`, not \`${opts.command === 'advisor-undo' ? 'advisor undo' : opts.command}\``);
  }
  if ((opts.listen !== undefined || opts.webConfig !== undefined) && opts.command !== 'top') throw new UsageError('--listen and --web-config go with `top`');
  if (opts.listen !== undefined) {
    try {
      parseListenAddress(opts.listen);
    } catch (err) {
      throw new UsageError(`--listen: ${(err as Error).message}`);
    }
  }
  checkFleetArgs(opts);
  return opts;
}

/** `fleet` needs --prometheus and at most one kind of credentials; its flags go with it only. */
function checkFleetArgs(opts: CliOptions): void {
  const f = opts.fleet;
  const given = Object.keys(f).map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (opts.command !== 'fleet') {
    if (given.length > 0) throw new UsageError(`${given[0]} goes with \`fleet\``);
    return;
  }
  if (opts.help) return;
  if (f.prometheus === undefined) throw new UsageError('fleet: needs --prometheus URL (http://host:9090)');
  if (!/^https?:\/\/[^/]/.test(f.prometheus)) throw new UsageError(`--prometheus: expected an http:// or https:// URL, got '${f.prometheus}'`);
  if (f.bearerTokenFile !== undefined && f.basicAuthFile !== undefined) throw new UsageError('--bearer-token-file and --basic-auth-file: one or the other');
}
