/**
 * Orders two strings by UTF-16 code unit, the order the process table sorts its text columns by.
 * Not localeCompare: its first call makes V8 load ICU's collation data, megabytes of the node
 * binary's pages that stay resident (bench/README.md, "Runtime flags and the bundle"), and its
 * order would follow the user's locale, so the same rows would sort differently in a report or a
 * screen on another machine.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
