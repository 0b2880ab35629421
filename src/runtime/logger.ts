/**
 * Structured JSON logs (pino) to the configured file, never to the terminal the UI draws on.
 * Writes are synchronous: log lines are rare (alert events, sink failures, reloads) and this way
 * none is lost when the program exits.
 */
import { pino, type Logger } from 'pino';
import type { Config } from '../config/types.js';

export interface CreatedLogger {
  logger: Logger;
  /** Set when the file could not be opened; the logger is then silent. */
  error?: string;
}

export function createLogger(log: Config['log']): CreatedLogger {
  if (log.level === 'silent') return { logger: pino({ level: 'silent' }) };
  try {
    const dest = pino.destination({ dest: log.file, mkdir: true, sync: true });
    return { logger: pino({ level: log.level, base: { pid: process.pid } }, dest) };
  } catch (err) {
    return { logger: pino({ level: 'silent' }), error: `cannot open the log file ${log.file}: ${(err as Error).message}` };
  }
}
