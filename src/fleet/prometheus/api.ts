/**
 * The shapes of Prometheus's HTTP API answers that the fleet reads (prometheus.io/docs/prometheus/
 * latest/querying/api/): an instant query gives a vector, a range query a matrix; both may carry
 * warnings (some data left out), and an error carries errorType and error.
 */

/** One series of an instant query: its labels and [unix seconds, value as text]. */
export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** One series of a range query: its labels and [unix seconds, value as text] per step. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface ApiBody<T> {
  status: 'success' | 'error';
  data?: { resultType: string; result: T[] };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

/** A query's result with the warnings Prometheus attached (a non-empty list means partial data). */
export interface QueryAnswer<T> {
  result: T[];
  warnings: string[];
}
