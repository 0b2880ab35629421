/** One labelled meter: "Mem [████    ] 45.1% 1.2G/3.8G". The bar is blank and the value n/a when unmeasured. */
import React from 'react';
import { Text } from './Text.js';
import { meterBar } from '../charts/bar.js';
import { useSettings } from '../context.js';
import { fmtPercent, NA } from '../format.js';
import { levelColor } from '../theme.js';
import { Line } from './Line.js';
import { colored } from './colored.js';

/** "45.1%", but a bare "n/a" when unmeasured (never "n/a%"). */
function withPercentSign(text: string): string {
  return text === NA ? NA : `${text}%`;
}

export interface MeterProps {
  label: string;
  /** 0..100, undefined when not measured. */
  percent: number | undefined;
  /** Total cells for label, bar, percentage and detail; the bar takes what the text leaves. */
  width: number;
  /** Extra text after the percentage. */
  detail?: string;
  labelWidth?: number;
  /** An alert on what this meter shows is firing: the label is marked "!" in the critical colour. */
  alerting?: boolean;
}

/** Cells a meter's bar gets inside `width`: at least 3, so a narrow meter still shows a level. */
export function meterBarWidth(width: number, labelWidth: number, detail: string | undefined): number {
  return Math.max(3, width - labelWidth - 2 - 6 - (detail ? detail.length + 1 : 0));
}

export const Meter = React.memo(function Meter({ label, percent, width, detail, labelWidth = 4, alerting = false }: MeterProps) {
  const { ascii, theme } = useSettings();
  const barWidth = meterBarWidth(width, labelWidth, detail);
  return (
    <Line>
      <Text color={alerting ? theme.crit : theme.label} bold={alerting}>
        {(alerting ? `${label}!` : label).padEnd(labelWidth)}
      </Text>
      {(ascii ? '[' : '▕') +
        colored(meterBar(percent, barWidth, ascii), levelColor(theme, percent)) +
        (ascii ? ']' : '▏') +
        withPercentSign(fmtPercent(percent)).padStart(6) +
        (detail ? ` ${detail}` : '')}
    </Line>
  );
});
