/** Memory and swap: used/total bars, available, buffers, cache, dirty (proc(5) /proc/meminfo). */
import React from 'react';
import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { MemoryPanel as MemoryData } from '../../types/snapshot.js';
import { Meter } from '../components/Meter.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';
import { fmtBytes, fmtNumber } from '../format.js';
import { percentOf } from '../../util/percent.js';
import { Line } from '../components/Line.js';
import { PanelLabel } from '../components/PanelLabel.js';
import type { PanelProps } from './panelProps.js';

export interface MemoryPanelProps extends PanelProps {
  memory?: MemoryData;
}

export const MemoryPanel = React.memo(function MemoryPanel({ memory: m, source, reason, variant, width, height, alerting }: MemoryPanelProps) {
  const { theme } = useSettings();
  const memPct = percentOf(m?.usedBytes, m?.totalBytes);
  const swapPct = percentOf(m?.swapUsedBytes, m?.swapTotalBytes);
  const memText = `${fmtBytes(m?.usedBytes)}/${fmtBytes(m?.totalBytes)}`;
  const swapText = `${fmtBytes(m?.swapUsedBytes)}/${fmtBytes(m?.swapTotalBytes)}`;
  if (m === undefined && variant === 'line') {
    return (
      <Line>
        <PanelLabel text="Mem" width={4} alerting={alerting} />
        n/a: {reason ?? 'no reading'}
      </Line>
    );
  }
  if (variant === 'line') {
    const half = Math.floor(width / 2);
    return (
      <Box>
        <Box width={half}>
          <Meter label="Mem" percent={memPct} width={half - 1} detail={memText} alerting={alerting} />
        </Box>
        <Meter label="Swp" percent={swapPct} width={width - half} detail={swapText} />
      </Box>
    );
  }
  const inner = width - 4;
  return (
    <PanelBox title="Memory" source={source} width={width} height={height} alerting={alerting}>
      {m === undefined ? (
        <Line>n/a: {reason ?? 'no reading'}</Line>
      ) : (
        <>
          {inner >= 36 ? (
            <>
              <Meter label="Mem" percent={memPct} width={inner} detail={memText} />
              <Meter label="Swp" percent={swapPct} width={inner} detail={swapText} />
            </>
          ) : (
            <>
              <Meter label="Mem" percent={memPct} width={inner} />
              <Text color={theme.dim}>{`    ${memText}`}</Text>
              <Meter label="Swp" percent={swapPct} width={inner} />
              <Text color={theme.dim}>{`    ${swapText}`}</Text>
            </>
          )}
          <Line color={theme.dim}>
            avail {fmtBytes(m.availableBytes)} buf {fmtBytes(m.buffersBytes)} cache {fmtBytes(m.cachedBytes)} dirty {fmtBytes(m.dirtyBytes)}
          </Line>
          {height - 2 > (inner >= 36 ? 3 : 5) ? (
            <Line color={(m.swapOutPagesPerSec ?? 0) > 0 ? theme.warn : theme.dim}>
              {`swap in/out ${fmtNumber(m.swapInPagesPerSec)}/${fmtNumber(m.swapOutPagesPerSec)} pg/s majflt ${fmtNumber(m.majorFaultsPerSec)}/s`}
            </Line>
          ) : null}
        </>
      )}
    </PanelBox>
  );
});
