/**
 * A Prometheus HTTP API client on node's fetch: instant and range queries, sent as form posts
 * (a batched query is longer than some proxies let a URL be), with credentials from files, a
 * timeout per request, and every failure classified (errors.ts). It counts the queries it sends,
 * which the benchmark reports per refresh.
 */
import type { ApiBody, MatrixSeries, QueryAnswer, VectorSample } from './api.js';
import { authorizationHeader, type PromAuth } from './auth.js';
import { fetchFailure, httpFailure, PromError } from './errors.js';

export interface PromClientOptions {
  /** Base URL: http://host:9090 (a path prefix such as /prometheus is kept). */
  url: string;
  auth: PromAuth;
  /** Longest wait for one answer. */
  timeoutMs: number;
}

export class PromClient {
  private readonly base: string;
  /** Queries sent since the client was made. */
  sent = 0;

  constructor(private readonly opts: PromClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  /** An instant query at `time` (unix seconds; Prometheus's now when absent). */
  instant(query: string, time?: number): Promise<QueryAnswer<VectorSample>> {
    const params: Record<string, string> = { query };
    if (time !== undefined) params.time = String(time);
    return this.post<VectorSample>('/api/v1/query', params, 'vector');
  }

  /** A range query from `start` to `end` (unix seconds) every `stepS` seconds. */
  range(query: string, start: number, end: number, stepS: number): Promise<QueryAnswer<MatrixSeries>> {
    return this.post<MatrixSeries>('/api/v1/query_range', { query, start: String(start), end: String(end), step: String(stepS) }, 'matrix');
  }

  private async post<T>(path: string, params: Record<string, string>, resultType: string): Promise<QueryAnswer<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const authorization = authorizationHeader(this.opts.auth);
    if (authorization !== undefined) headers.authorization = authorization;
    this.sent += 1;
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.base + path, {
        method: 'POST',
        headers,
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw fetchFailure(err, this.opts.timeoutMs);
    }
    let body: ApiBody<T> | undefined;
    try {
      body = JSON.parse(text) as ApiBody<T>;
    } catch {
      body = undefined;
    }
    if (!res.ok || body === undefined || body.status !== 'success') throw httpFailure(res.status, body?.error ?? text.trim().slice(0, 200));
    if (body.data === undefined || body.data.resultType !== resultType) {
      throw new PromError('error', `expected a ${resultType}, got ${body.data?.resultType ?? 'no data'}`);
    }
    return { result: body.data.result, warnings: body.warnings ?? [] };
  }
}
