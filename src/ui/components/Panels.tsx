/**
 * The system panels arranged for the layout: one line each (compact) or boxes with charts (full).
 * Each panel gets only its slice of the snapshot, so a key press re-renders none of them.
 */
import { useMemo, type ComponentType } from 'react';
import { Box } from 'ink';
import { firingPanels } from '../../alerts/view.js';
import type { AlertState, ConfigStatus, Snapshot } from '../../types/snapshot.js';
import type { Layout } from '../layout.js';
import { CpuPanel, cpuBoxWidth } from '../panels/CpuPanel.js';
import { DisksPanel } from '../panels/DisksPanel.js';
import { GpuPanel } from '../panels/GpuPanel.js';
import { MemoryPanel } from '../panels/MemoryPanel.js';
import { NetworkPanel } from '../panels/NetworkPanel.js';
import { PressurePanel } from '../panels/PressurePanel.js';

/** Props the alert panel receives in its slot. */
export interface AlertSlotProps {
  alerts: AlertState[];
  /** `snapshot.config`: the config file's reload state (a refused reload shows in the panel). */
  config?: ConfigStatus;
  width: number;
  height: number;
}

/** Props the alert history view receives in its slot. */
export interface AlertHistorySlotProps extends AlertSlotProps {
  /** Rows scrolled past at the top. */
  offset: number;
}

/** Columns the memory and pressure boxes keep beside a CPU box widened for its cores. */
const SIDE_MIN = 24;

export interface PanelsProps {
  snapshot: Snapshot | undefined;
  layout: Exclude<Layout, { kind: 'tooSmall' }>;
  AlertSlot?: ComponentType<AlertSlotProps>;
  /** The sockets-by-state line for the Network box (large terminals only). */
  connections?: string;
  /** Virtual network interfaces one by one (the `v` key), not summed on one line. */
  showVirtualNet?: boolean;
}

export function Panels({ snapshot: s, layout, AlertSlot, connections, showVirtualNet = false }: PanelsProps) {
  const src = s?.sources ?? {};
  const w = layout.columns;
  const alerts =
    AlertSlot !== undefined && layout.alertLines > 0 && s !== undefined ? (
      <AlertSlot alerts={s.alerts} config={s.config} width={w} height={layout.alertLines} />
    ) : null;
  const firing = useMemo(() => firingPanels(s?.alerts ?? []), [s?.alerts]);
  const common = (name: 'cpu' | 'memory' | 'pressure' | 'disks' | 'network') => ({
    source: src[name]?.backend ?? undefined,
    reason: src[name]?.reason,
    // The sensors line sits in the CPU panel, so a sensor alert marks it.
    alerting: firing.has(name) || (name === 'cpu' && firing.has('sensors')),
  });
  if (layout.kind === 'compact') {
    return (
      <Box flexDirection="column" width={w}>
        <CpuPanel cpu={s?.cpu} sensors={s?.sensors} {...common('cpu')} variant="line" width={w} height={1} />
        <MemoryPanel memory={s?.memory} {...common('memory')} variant="line" width={w} height={1} />
        <PressurePanel pressure={s?.pressure} {...common('pressure')} variant="line" width={w} height={1} />
        <DisksPanel disks={s?.disks} {...common('disks')} variant="line" width={w} height={1} />
        <NetworkPanel network={s?.network} {...common('network')} variant="line" width={w} height={1} />
        <GpuPanel gpus={s?.gpus ?? []} reason={src.gpus?.reason} variant="line" width={w} height={layout.panelLines - 5} alerting={firing.has('gpus')} />
        {alerts}
      </Box>
    );
  }
  // Wide terminals give the CPU chart half the width; narrower ones share it more evenly. A machine
  // with many cores widens the CPU box until its heat grid holds every core, while the memory and
  // pressure boxes keep SIDE_MIN columns each.
  const cpuWidth = Math.max(Math.floor(w * (w >= 160 ? 0.5 : 0.4)), Math.min(w - 2 * SIDE_MIN, cpuBoxWidth(s?.cpu, layout.topHeight)));
  const memWidth = Math.floor((w - cpuWidth) / 2);
  return (
    <Box flexDirection="column" width={w}>
      <Box height={layout.topHeight}>
        <CpuPanel cpu={s?.cpu} sensors={s?.sensors} {...common('cpu')} variant="box" width={cpuWidth} height={layout.topHeight} />
        <MemoryPanel memory={s?.memory} {...common('memory')} variant="box" width={memWidth} height={layout.topHeight} />
        <PressurePanel pressure={s?.pressure} {...common('pressure')} variant="box" width={w - cpuWidth - memWidth} height={layout.topHeight} />
      </Box>
      <Box height={layout.ioHeight}>
        <DisksPanel disks={s?.disks} {...common('disks')} variant="box" width={Math.floor(w / 2)} height={layout.ioHeight} />
        <NetworkPanel
          network={s?.network}
          {...common('network')}
          variant="box"
          width={w - Math.floor(w / 2)}
          height={layout.ioHeight}
          connections={connections}
          showVirtual={showVirtualNet}
        />
      </Box>
      <GpuPanel
        gpus={s?.gpus ?? []}
        reason={src.gpus?.reason}
        variant={layout.gpuBoxes ? 'box' : 'line'}
        width={w}
        height={layout.gpuHeight}
        alerting={firing.has('gpus')}
      />
      {alerts}
    </Box>
  );
}
