/**
 * Network: per interface rx/tx rates with sparklines, errors and drops per second (/proc/net/dev);
 * on large terminals a line counting the sockets by state above them. Virtual interfaces are
 * summed on one line unless the person asked for them one by one (netRows.ts).
 */
import React from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { NetworkPanel as NetworkData } from '../../types/snapshot.js';
import { autoRange, Sparkline } from '../components/Chart.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';
import { useChart } from '../hooks/useChart.js';
import { fmtNumber, fmtRate } from '../format.js';
import { truncateToWidth } from '../../util/sanitize.js';
import { Line } from '../components/Line.js';
import { PanelLabel } from '../components/PanelLabel.js';
import type { PanelProps } from './panelProps.js';
import { isVirtual, networkRows, type NetRow } from './netRows.js';

export interface NetworkPanelProps extends PanelProps {
  network?: NetworkData;
  /** The sockets by state (connections/summary.ts), boxed variant only; absent below 160x50. */
  connections?: string;
  /** Virtual interfaces one by one (boxed variant), not summed on one line. */
  showVirtual?: boolean;
}

export const NetworkPanel = React.memo(function NetworkPanel({
  network,
  source,
  reason,
  variant,
  width,
  height,
  alerting,
  connections,
  showVirtual = false,
}: NetworkPanelProps) {
  const { theme } = useSettings();
  const chart = useChart();
  const ifaces = network?.interfaces ?? [];
  if (variant === 'line') {
    const physical = ifaces.filter((i) => !isVirtual(i));
    const shown = (physical.length > 0 ? physical : ifaces).slice(0, 3);
    return (
      <Line>
        <PanelLabel text="Net" width={5} alerting={alerting} />
        {network === undefined
          ? `n/a: ${reason ?? 'no reading'}`
          : shown.length === 0
            ? 'no interfaces'
            : shown.map((i) => `${i.name} rx ${fmtRate(i.rxBytesPerSec)} tx ${fmtRate(i.txBytesPerSec)}`).join('   ')}
      </Line>
    );
  }
  const inner = width - 4;
  const lines = Math.max(1, height - 3 - (connections === undefined ? 0 : 1));
  const rows = networkRows(ifaces, showVirtual, lines);
  const perIface = lines >= rows.length * 2 ? 2 : 1;
  // Interface names run to 15 characters (IFNAMSIZ): a veth's hash must not be cut.
  const nameWidth = Math.min(16, Math.max(10, ...rows.map((r) => (r.kind === 'interface' ? r.iface.name.length + 1 : 0))));
  const sparkWidth = Math.max(0, Math.floor((inner - nameWidth - 30) / 2));
  const rowKey = (r: NetRow): string => (r.kind === 'interface' ? `if:${r.iface.name}` : r.kind);
  return (
    <PanelBox title="Network" source={source} width={width} height={height} alerting={alerting}>
      {connections !== undefined ? <Line color={theme.dim}>{connections}</Line> : null}
      {network === undefined ? <Text>n/a: {reason ?? 'no reading'}</Text> : null}
      {rows.map((r) => {
        if (r.kind === 'more') {
          return <Line key={rowKey(r)} color={theme.dim}>{`+${r.count} more${showVirtual ? '' : ' (v: virtual interfaces one by one)'}`}</Line>;
        }
        if (r.kind === 'virtual') {
          return (
            <Line key={rowKey(r)}>
              <Text color={theme.label}>{`virtual×${r.count} `.padEnd(nameWidth)}</Text>
              {`rx ${fmtRate(r.rxBytesPerSec).padStart(9)}  tx ${fmtRate(r.txBytesPerSec).padStart(9)}`}
              <Text color={theme.dim}>{`  veth, bridges, lo (v: one by one)`}</Text>
            </Line>
          );
        }
        const i = r.iface;
        const rx = chart(`net.rx.${i.name}`);
        const tx = chart(`net.tx.${i.name}`);
        return (
          <Box key={rowKey(r)} flexDirection="column">
            <Box>
              <Line>
                <Text color={theme.label}>{truncateToWidth(i.name, nameWidth - 1).padEnd(nameWidth)}</Text>
                {`rx ${fmtRate(i.rxBytesPerSec).padStart(9)} `}
              </Line>
              {sparkWidth > 0 ? <Sparkline values={rx} width={sparkWidth} range={autoRange(rx)} color={theme.chart} /> : null}
              <Text>{` tx ${fmtRate(i.txBytesPerSec).padStart(9)} `}</Text>
              {sparkWidth > 0 ? <Sparkline values={tx} width={sparkWidth} range={autoRange(tx)} color={theme.chartAlt} /> : null}
            </Box>
            {perIface === 2 ? (
              <Line color={theme.dim}>
                {' '.repeat(nameWidth)}per s rx/tx: pkts {fmtNumber(i.rxPacketsPerSec)}/{fmtNumber(i.txPacketsPerSec)} err {fmtNumber(i.rxErrorsPerSec)}/
                {fmtNumber(i.txErrorsPerSec)} drop {fmtNumber(i.rxDropsPerSec)}/{fmtNumber(i.txDropsPerSec)}
              </Line>
            ) : null}
          </Box>
        );
      })}
    </PanelBox>
  );
});
