/** The props every system panel (CPU, memory, pressure, disks, network, GPU) gets from Panels. */

export interface PanelProps {
  /** The backend that produced the panel's numbers (sources.X.backend). */
  source?: string;
  /** Why the panel is n/a (sources.X.reason), shown when its data is absent. */
  reason?: string;
  /** One line on small terminals, a box with charts on larger ones (layout.ts). */
  variant: 'line' | 'box';
  width: number;
  height: number;
  /** An alert on this panel is firing. */
  alerting?: boolean;
}
