/** The CLI: parse arguments, dispatch to a face, map errors to exit codes (2 for usage). */
import { createRequire } from 'node:module';
import { ConfigError } from '../config/load.js';
import { HistoryError } from '../history/errors.js';
import { runAgent } from './agent.js';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args.js';
import { runAdvisorUndo } from './advisor.js';
import { runDoctor } from './doctor.js';
import { runReport } from './report.js';
import { runFleet } from './fleet.js';
import { runReplay } from './replay.js';
import { openRecordingTimeline } from '../history/timeline.js';
import { writeErr, writeOut } from './output.js';
import { runSnapshot } from './snapshot.js';
import { resolveSettings, type Settings } from './settings.js';
import { runTop } from './top.js';
import { runWhy } from './why.js';

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

function run(opts: CliOptions, settings: Settings): Promise<number> {
  switch (opts.command) {
    case 'snapshot':
      return runSnapshot(settings);
    case 'doctor':
      return runDoctor(settings);
    case 'why':
      return runWhy(settings);
    case 'top':
      return runTop(settings);
    case 'advisor-undo':
      return runAdvisorUndo(settings);
    case 'agent':
      return runAgent(settings);
    case 'report':
      return runReport(settings);
    case 'fleet':
      return runFleet(settings, opts.fleet, opts.intervalMs);
    case 'replay':
      return replayRecording(settings, opts.history.at);
  }
}

/** `replay`: the screen over the recording at --db (or the default), closed when the screen is. */
async function replayRecording(settings: Settings, at: string | undefined): Promise<number> {
  const timeline = openRecordingTimeline(settings.recording.path);
  try {
    return await runReplay(settings, timeline, at);
  } finally {
    timeline.close();
  }
}
