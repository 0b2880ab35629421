/**
 * Disks: per device read/write rates, IOPS and busy % (Documentation/admin-guide/iostats.rst) with
 * a sparkline of reads+writes, then filesystems' used % (statfs), or their error (a stuck mount).
 */
import React from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { DisksPanel as DisksData } from '../../types/snapshot.js';
import { autoRange, Sparkline } from '../components/Chart.js';
import { Meter } from '../components/Meter.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';
import { useChart } from '../hooks/useChart.js';
import { fmtBytes, fmtPercent, fmtRate } from '../format.js';
import { truncateToWidth } from '../../util/sanitize.js';
import { Line } from '../components/Line.js';
import { PanelLabel } from '../components/PanelLabel.js';
import type { PanelProps } from './panelProps.js';
import { diskRows } from './diskRows.js';

export interface DisksPanelProps extends PanelProps {
  disks?: DisksData;
}

function sum(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = (a[i - n + a.length] ?? Number.NaN) + (b[i - n + b.length] ?? Number.NaN);
  return out;
}

export const DisksPanel = React.memo(function DisksPanel({ disks, source, reason, variant, width, height, alerting }: DisksPanelProps) {
  const { theme } = useSettings();
  const chart = useChart();
  const devices = disks?.devices ?? [];
  const filesystems = disks?.filesystems ?? [];
  if (variant === 'line') {
    const busiest = [...devices].sort((a, b) => (b.busyPercent ?? -1) - (a.busyPercent ?? -1))[0];
    const root = filesystems.find((f) => f.mountpoint === '/') ?? filesystems[0];
    return (
      <Line>
        <PanelLabel text="Disk" width={5} alerting={alerting} />
        {disks === undefined
          ? `n/a: ${reason ?? 'no reading'}`
          : `${busiest === undefined ? 'no devices' : `${busiest.name} r ${fmtRate(busiest.readBytesPerSec)} w ${fmtRate(busiest.writeBytesPerSec)} busy ${fmtPercent(busiest.busyPercent)}%`}` +
            (root === undefined
              ? ''
              : `   fs ${root.mountpoint} ${root.error !== undefined ? `error: ${root.error}` : `${fmtPercent(root.usedPercent)}% of ${fmtBytes(root.totalBytes)}`}`)}
      </Line>
    );
  }
  const inner = width - 4;
  const lines = height - 3;
  const devLines = Math.min(devices.length, Math.max(1, Math.ceil(lines / 2)));
  const fsLines = Math.max(0, lines - devLines);
  const nameWidth = 8;
  const sparkWidth = Math.max(0, inner - nameWidth - 44);
  return (
    <PanelBox title="Disks" source={source} width={width} height={height} alerting={alerting}>
      {disks === undefined ? <Text>n/a: {reason ?? 'no reading'}</Text> : null}
      {diskRows(devices, devLines).map((r) => {
        if (r.kind === 'more') {
          return <Line key="more" color={theme.dim}>{`+${r.count} more devices (${r.idle} idle)`}</Line>;
        }
        const d = r.device;
        const history = sum(chart(`disk.read.${d.name}`), chart(`disk.write.${d.name}`));
        return (
          <Box key={d.name}>
            <Line>
              <Text color={theme.label}>{truncateToWidth(d.name, nameWidth - 1).padEnd(nameWidth)}</Text>
              {`r ${fmtRate(d.readBytesPerSec).padStart(9)} w ${fmtRate(d.writeBytesPerSec).padStart(9)} busy ${fmtPercent(d.busyPercent).padStart(5)}% `}
            </Line>
            {sparkWidth > 0 ? <Sparkline values={history} width={sparkWidth} range={autoRange(history)} color={theme.chart} /> : null}
          </Box>
        );
      })}
      {filesystems.slice(0, fsLines).map((f) =>
        f.error !== undefined ? (
          <Line key={f.mountpoint} color={theme.crit}>
            {truncateToWidth(f.mountpoint, 12).padEnd(13)}error: {f.error}
          </Line>
        ) : (
          <Meter
            key={f.mountpoint}
            label={truncateToWidth(f.mountpoint, 12)}
            labelWidth={13}
            percent={f.usedPercent}
            width={inner}
            detail={`${fmtBytes(f.usedBytes)}/${fmtBytes(f.totalBytes)} ${f.fstype}`}
          />
        ),
      )}
    </PanelBox>
  );
});
