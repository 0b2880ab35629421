/**
 * Why a query got no answer, in the words the fleet screen uses: Prometheus down (refused, no
 * route, name not found, or not ready), slow (no answer within the timeout), unauthorized (401,
 * 403), a bad query (400, 422: the PromQL or its parameters), or another server error.
 */

export type PromFailure = 'down' | 'slow' | 'unauthorized' | 'badQuery' | 'error';

export class PromError extends Error {
  constructor(
    readonly kind: PromFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PromError';
  }
}

/** A failed fetch (no HTTP answer) as a PromError: a timeout is slow, anything else down. */
export function fetchFailure(err: unknown, timeoutMs: number): PromError {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return new PromError('slow', `no answer within ${timeoutMs} ms`);
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  return new PromError('down', detail);
}

/** An HTTP answer that is not a success, as a PromError; `detail` is Prometheus's error text when it sent one. */
export function httpFailure(status: number, detail: string | undefined): PromError {
  const text = detail === undefined || detail === '' ? `HTTP ${status}` : `HTTP ${status}: ${detail}`;
  if (status === 401 || status === 403) return new PromError('unauthorized', text);
  if (status === 400 || status === 422) return new PromError('badQuery', text);
  if (status === 503) return new PromError('down', text);
  return new PromError('error', text);
}
