/**
 * Pressure stall information (Documentation/accounting/psi.rst): some/full avg10/avg60/avg300 for
 * cpu, io and memory; "n/a: <reason>" when the kernel has none.
 */
import React from 'react';
import { Text } from '../components/Text.js';
import type { PressureLine, PressurePanel as PressureData } from '../../types/snapshot.js';
import { PanelBox } from '../components/PanelBox.js';
import { useSettings } from '../context.js';
import { fmtNumber, NA } from '../format.js';
import { levelColor } from '../theme.js';
import { Line } from '../components/Line.js';
import { colored } from '../components/colored.js';
import { PanelLabel } from '../components/PanelLabel.js';
import type { PanelProps } from './panelProps.js';

export interface PressurePanelProps extends PanelProps {
  pressure?: PressureData;
}

const RESOURCES = [
  ['cpu', 'cpu'],
  ['io', 'io'],
  ['memory', 'mem'],
] as const;

function triple(l: PressureLine | undefined): string {
  return l === undefined ? NA : `${fmtNumber(l.avg10, 2)}/${fmtNumber(l.avg60, 2)}/${fmtNumber(l.avg300, 2)}`;
}

export const PressurePanel = React.memo(function PressurePanel({ pressure, source, reason, variant, width, height, alerting }: PressurePanelProps) {
  const { theme } = useSettings();
  if (variant === 'line') {
    return (
      <Line>
        <PanelLabel text="PSI" width={4} alerting={alerting} />
        {pressure === undefined
          ? `n/a: ${reason ?? 'no reading'}`
          : RESOURCES.map(([k, name]) => `${name} ${fmtNumber(pressure[k]?.some?.avg10, 2)}/${fmtNumber(pressure[k]?.full?.avg10, 2)}`).join('  ') +
            '  (some/full avg10 %)'}
      </Line>
    );
  }
  // Narrow boxes show avg10 only; wide ones all three windows.
  const full = width - 4 >= 40;
  const cell = (l: PressureLine | undefined) => (full ? triple(l) : fmtNumber(l?.avg10, 2));
  const colWidth = full ? 18 : 7;
  return (
    <PanelBox title="Pressure" source={source} width={width} height={height} alerting={alerting}>
      {pressure === undefined ? (
        <Text wrap="wrap">n/a: {reason ?? 'no reading'}</Text>
      ) : (
        <>
          <Line color={theme.dim}>{full ? '     some 10/60/300    full 10/60/300' : '     some   full (avg10 %)'}</Line>
          {RESOURCES.map(([k, name]) => {
            // One line whose colours are spelled into its text and whose blanks are plain, so it
            // keeps its width while the figures change: the panel is not laid out again each
            // refresh (ui/terminal/inkDom.ts). The last figure is padded to one column less than
            // the others, so that a line of the full width (5 + 18 + 17) fits the narrowest box
            // that shows it (40 columns inside).
            const some = cell(pressure[k]?.some);
            const fullText = cell(pressure[k]?.full);
            return (
              <Line key={k}>
                {colored(name.padEnd(5), theme.label) +
                  colored(some, levelColor(theme, pressure[k]?.some?.avg10)) +
                  ' '.repeat(Math.max(0, colWidth - some.length)) +
                  colored(fullText, levelColor(theme, pressure[k]?.full?.avg10)) +
                  ' '.repeat(Math.max(0, colWidth - 1 - fullText.length))}
              </Line>
            );
          })}
        </>
      )}
    </PanelBox>
  );
});
