/**
 * The identity of a process as one string: pid with its start time (proc(5) stat field 22), so a
 * reused pid gets a new key. Shared by the collectors, the actions and the screen.
 */
export function processKey(pid: number, startTime: number): string {
  return `${pid}:${startTime}`;
}
