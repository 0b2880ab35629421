/**
 * The sections of the detail view, in tab order; number keys 1–8 jump to them.
 */
export const SECTIONS = [
  { id: 'overview', title: 'Overview' },
  { id: 'threads', title: 'Threads' },
  { id: 'files', title: 'Files' },
  { id: 'network', title: 'Network' },
  { id: 'memory', title: 'Memory' },
  { id: 'io', title: 'I/O' },
  { id: 'scheduling', title: 'Scheduling' },
  { id: 'environment', title: 'Environment' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];
