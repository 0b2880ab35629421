/**
 * A direct writer of the Prometheus text format 0.0.4 and OpenMetrics 1.0: metric families with
 * HELP and TYPE, samples with escaped label values, appended to one string. No registry and no
 * objects per sample: the exporter writes straight from the published snapshot (bench/README.md
 * has the comparison with @prometheus-io/client that chose this).
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 * @see https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md
 */

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

export type Labels = Readonly<Record<string, string | undefined>>;

/**
 * How many series the bounded families (per process, per group) may still write; what they
 * cannot is counted, for smoothtask_exporter_series_dropped_total.
 */
export class SeriesBudget {
  dropped = 0;

  constructor(private left: number) {}

  /** True when n more series fit (taken together); counts them as dropped otherwise. */
  take(n = 1): boolean {
    if (this.left < n) {
      this.dropped += n;
      return false;
    }
    this.left -= n;
    return true;
  }
}

function escapeLabelValue(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function escapeHelp(v: string): string {
  return v.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** A sample value as both formats spell it. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(labels: Labels | undefined): string {
  if (labels === undefined) return '';
  let out = '';
  for (const key in labels) {
    const v = labels[key];
    if (v === undefined) continue;
    out += `${out === '' ? '' : ','}${key}="${escapeLabelValue(v)}"`;
  }
  return out === '' ? '' : `{${out}}`;
}

/** One exposition being written; `family` opens a metric family, `sample` adds to the open one. */
export class ExpositionWriter {
  private out = '';
  private name = '';
  private type: MetricType = 'gauge';
  private headerDone = false;
  private help = '';

  constructor(readonly format: ExpositionFormat) {}

  /**
   * Opens a family. Its HELP and TYPE are written with its first sample, so a family with no
   * measured value leaves nothing behind (absent, never 0). Counter names end in _total.
   */
  family(name: string, type: MetricType, help: string): this {
    this.name = name;
    this.type = type;
    this.help = help;
    this.headerDone = false;
    return this;
  }

  private header(): void {
    if (this.headerDone) return;
    this.headerDone = true;
    // OpenMetrics names a counter family without its _total suffix; its samples keep it.
    const familyName = this.format === 'openmetrics' && this.type === 'counter' ? this.name.replace(/_total$/, '') : this.name;
    this.out += `# HELP ${familyName} ${escapeHelp(this.help)}\n# TYPE ${familyName} ${this.type}\n`;
  }

  /** A sample of the open family; undefined values are skipped. `suffix` is '_bucket', '_sum' or '_count' for histograms. */
  sample(labels: Labels | undefined, value: number | undefined, suffix = ''): this {
    if (value === undefined) return this;
    this.header();
    this.out += `${this.name}${suffix}${labelText(labels)} ${formatValue(value)}\n`;
    return this;
  }

  /** The finished body (OpenMetrics ends with # EOF). */
  finish(): string {
    return this.format === 'openmetrics' ? `${this.out}# EOF\n` : this.out;
  }
}
