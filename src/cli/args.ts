/**
 * Command-line parsing: `smoothtask [top|snapshot|doctor|why|agent|report|fleet|advisor undo] [flags]`. Pure, so it is tested without
 * a process. A bad flag is a UsageError, which the CLI reports with exit code 2.
 */
import { parseListenAddress } from '../exporter/listen.js';

import { parseDuration } from '../config/duration.js';
import { parseSize } from '../config/size.js';

export type Command = 'top' | 'snapshot' | 'doctor' | 'why' | 'agent' | 'report' | 'advisor-undo' | 'fleet' | 'replay';

export const REPORT_GROUPS = ['process', 'command', 'user', 'cgroup', 'container', 'gpu'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];
export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The history flags (docs/history-schema.md) and `report`'s. */
export interface HistoryFlags {
  db?: string;
  /** `top --record`. */
  record: boolean;
  retainMs?: number | 'off';
  maxBytes?: number | 'off';
  since?: string;
  until?: string;
  /** `replay --at`: the time to open at, as typed. */
  at?: string;
  by: ReportGroup;
  format?: ReportFormat;
  top?: number;
}

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
  history: HistoryFlags;
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
  advisor undo        reverse the advisor's automatic actions (renice, ionice, chrt, SIGSTOP, weights)
  agent               headless: records history, runs the alert rules and their sinks (alias: record)
  report              usage per process, command, user, cgroup, container or GPU from the recording
  replay [--at TIME]  the same screen over the recording, with keys that move through time
  fleet --prometheus URL   every host a Prometheus scrapes, one row each (docs/fleet.md)

Options:
  --interval TIME     refresh interval: seconds (1, 0.5) or with a unit (500ms, 2s); default 1s
  --config PATH       config file (default $SMOOTHTASK_CONFIG, else ~/.config/smoothtask/config.toml)
  --listen ADDR       top: serve Prometheus metrics at ADDR/metrics (127.0.0.1:9310; PORT alone is loopback)
  --web-config FILE   TLS and basic auth for --listen, in node_exporter's web config format
  --no-color          no colours (also when NO_COLOR is set)
  --ascii             no Unicode box drawing, braille or block characters
  --json              machine-readable output (snapshot, doctor, why, report)

History (agent, top --record, report, replay; docs/history-schema.md):
  --db PATH           the database (default /var/lib/smoothtask/history.db for root, else
                      $XDG_STATE_HOME/smoothtask/history.db)
  --record            top: record while the screen is open
  --retain TIME       delete samples older than this (14d by default; "off" keeps them)
  --max-size SIZE     keep the file under this size (2GiB by default; "off" for no limit)
  --since TIME        report: from ("24h" ago by default; "2026-12-04 03:12", ISO 8601, "-2h")
  --until TIME        report: to (now by default)
  --at TIME           replay: open at this time (the last sample by default)
  --by GROUP          report: process, command, user, cgroup, container or gpu (default command)
  --format FORMAT     report: table, csv (RFC 4180) or json (docs/report-schema.md)
  --top N             report: the N groups that used the most CPU
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
    history: { record: false, by: 'command' },
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
      case 'agent':
      case 'record':
      case 'report':
      case 'replay':
      case 'fleet':
        if (commandSeen) throw new UsageError(`only one command at a time (got '${arg}' after '${opts.command}')`);
        opts.command = flag === 'record' ? 'agent' : flag;
        commandSeen = true;
        break;
      case 'advisor':
        if (commandSeen) throw new UsageError(`only one command at a time (got '${arg}' after '${opts.command}')`);
        if (argv[i + 1] !== 'undo') throw new UsageError(`advisor: the only subcommand is 'undo'${argv[i + 1] === undefined ? '' : `, got '${argv[i + 1]}'`}`);
        i += 1;
        opts.command = 'advisor-undo';
        commandSeen = true;
        break;
      case '--db':
        opts.history.db = value();
        break;
      case '--record':
        opts.history.record = true;
        break;
      case '--retain': {
        const v = value();
        const ms = v === 'off' ? 'off' : parseDuration(v);
        if (ms === undefined) throw new UsageError(`--retain: expected a duration such as 14d, 12h or 2w, or off, got '${v}'`);
        opts.history.retainMs = ms;
        break;
      }
      case '--max-size': {
        const v = value();
        const bytes = v === 'off' ? 'off' : parseSize(v);
        if (bytes === undefined) throw new UsageError(`--max-size: expected a size such as 2GiB or 500MiB, or off, got '${v}'`);
        opts.history.maxBytes = bytes;
        break;
      }
      case '--since':
        opts.history.since = value();
        break;
      case '--until':
        opts.history.until = value();
        break;
      case '--at':
        opts.history.at = value();
        break;
      case '--by': {
        const v = value();
        if (!(REPORT_GROUPS as readonly string[]).includes(v)) throw new UsageError(`--by: expected one of ${REPORT_GROUPS.join(', ')}, got '${v}'`);
        opts.history.by = v as ReportGroup;
        break;
      }
      case '--format': {
        const v = value();
        if (!(REPORT_FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format: expected one of ${REPORT_FORMATS.join(', ')}, got '${v}'`);
        opts.history.format = v as ReportFormat;
        break;
      }
      case '--top': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--top: expected a whole number of groups (1 or more), got '${v}'`);
        opts.history.top = n;
        break;
      }
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
  if (
    opts.json &&
    (opts.command === 'top' || opts.command === 'agent' || opts.command === 'advisor-undo' || opts.command === 'fleet' || opts.command === 'replay')
  ) {
    throw new UsageError(
      `--json goes with \`snapshot\`, \`doctor\`, \`why\` or \`report\`, not \`${opts.command === 'advisor-undo' ? 'advisor undo' : opts.command}\``,
    );
  }
  if (opts.history.at !== undefined && opts.command !== 'replay') throw new UsageError('--at goes with `replay`');
  if (opts.history.record && opts.command !== 'top') throw new UsageError('--record goes with `top` (the agent always records)');
  if ((opts.listen !== undefined || opts.webConfig !== undefined) && opts.command !== 'top' && opts.command !== 'agent') {
    throw new UsageError('--listen and --web-config go with `top` or `agent`');
  }
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
