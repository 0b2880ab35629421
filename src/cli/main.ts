/** The CLI: parse arguments, dispatch to a face, map errors to exit codes (2 for usage). */
import { createRequire } from 'node:module';
import { ConfigError } from '../config/load.js';
import { HistoryError } from '../history/errors.js';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args.js';
import { writeErr, writeOut } from './output.js';
import { resolveSettings, type Settings } from './settings.js';

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** A reader that closed the pipe (`snapshot --json | head`) is not an error worth a trace. */
function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnClosedPipe();
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      await writeErr(`smoothtask: ${err.message}\nTry 'smoothtask --help'.\n`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    await writeOut(USAGE);
    return 0;
  }
  if (opts.version) {
    await writeOut(`smoothtask ${packageVersion()}\n`);
    return 0;
  }
  let settings: Settings;
  try {
    settings = resolveSettings(opts, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      await writeErr(`smoothtask: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  try {
    return await run(opts, settings);
  } catch (err) {
    // A history database that cannot be used: the message names the file and what to do.
    if (err instanceof HistoryError) {
      await writeErr(`smoothtask ${opts.command}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/**
 * Runs the command. Each command's module is loaded when it runs, so that a command's start does
 * not initialise the modules of the others (the agent's exporter, the fleet's client, doctor's
 * probes): the bundle holds them all, and esbuild initialises a module imported this way only when
 * the import runs (bench/README.md, "Commands loaded on demand").
 */
async function run(opts: CliOptions, settings: Settings): Promise<number> {
  switch (opts.command) {
    case 'snapshot':
      return (await import('./snapshot.js')).runSnapshot(settings);
    case 'doctor':
      return (await import('./doctor.js')).runDoctor(settings);
    case 'why':
      return (await import('./why.js')).runWhy(settings);
    case 'top':
      return (await import('./top.js')).runTop(settings);
    case 'advisor-undo':
      return (await import('./advisor.js')).runAdvisorUndo(settings);
    case 'agent':
      return (await import('./agent.js')).runAgent(settings);
    case 'report':
      return (await import('./report.js')).runReport(settings);
    case 'fleet':
      return (await import('./fleet.js')).runFleet(settings, opts.fleet, opts.intervalMs);
    case 'replay':
      return replayRecording(settings, opts.history.at);
  }
}

/** `replay`: the screen over the recording at --db (or the default), closed when the screen is. */
async function replayRecording(settings: Settings, at: string | undefined): Promise<number> {
  const [{ openRecordingTimeline }, { runReplay }] = await Promise.all([import('../history/timeline.js'), import('./replay.js')]);
  const timeline = openRecordingTimeline(settings.recording.path);
  try {
    return await runReplay(settings, timeline, at);
  } finally {
    timeline.close();
  }
}
