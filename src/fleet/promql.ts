/**
 * PromQL building blocks: a selector with extra matchers, a regex that matches one host's
 * targets, and the batch: several named expressions in one query, each tagged with a
 * `fleet_stat` label (label_replace) and joined by `or`, so one HTTP request answers them all
 * and the answer still says which series belongs to which expression.
 */

/** The label every batched expression's series carry: which expression they came from. */
export const STAT_LABEL = 'fleet_stat';

/** `name{matchers}`, with `extra` (already PromQL text, e.g. instance=~"...") added when present. */
export function sel(name: string, matchers: string, extra: string): string {
  const all = [matchers, extra].filter((m) => m !== '').join(',');
  return all === '' ? name : `${name}{${all}}`;
}

/** RE2 text that matches `text` literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** A matcher for every target of `host`: its instance with or without a port. */
export function hostMatcher(host: string): string {
  return `instance=~${JSON.stringify(`${escapeRegex(host)}(:[0-9]+)?`)}`;
}

/** Named expressions as one query; each series answers with STAT_LABEL set to its name. */
export function batch(exprs: Readonly<Record<string, string>>): string {
  return Object.entries(exprs)
    .map(([id, expr]) => `label_replace(${expr}, "${STAT_LABEL}", "${id}", "", "")`)
    .join(' or ');
}

/** The host a target belongs to: its instance less the port ("gpu1:9100" → "gpu1", "[::1]:9100" → "[::1]"). */
export function hostOf(instance: string): string {
  return instance.replace(/:\d+$/, '');
}
