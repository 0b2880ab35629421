/** A compact panel's label ("Disk", "Net"): marked with "!" in the critical colour while an alert on it fires. */
import { Text } from './Text.js';
import { useSettings } from '../context.js';

export interface PanelLabelProps {
  text: string;
  /** Columns the label takes, mark included. */
  width: number;
  alerting?: boolean;
}

export function PanelLabel({ text, width, alerting = false }: PanelLabelProps) {
  const { theme } = useSettings();
  return (
    <Text color={alerting ? theme.crit : theme.label} bold={alerting}>
      {(alerting ? `${text}!` : text).padEnd(width)}
    </Text>
  );
}
