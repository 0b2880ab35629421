/** The user filter picker (`u`): "all users" then every user with a process, Up/Down and Enter. */
import { Box } from 'ink';
import { Text } from './Text.js';
import { useSettings } from '../context.js';
import { Line } from './Line.js';

export interface UserPickerProps {
  users: readonly string[];
  cursor: number;
  height: number;
}

export function UserPicker({ users, cursor, height }: UserPickerProps) {
  const { theme } = useSettings();
  const entries = ['(all users)', ...users];
  const visible = Math.max(1, height - 1);
  const top = Math.max(0, Math.min(cursor - Math.floor(visible / 2), entries.length - visible));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.title}>
        Show processes of: (Enter picks, Esc cancels)
      </Text>
      {entries.slice(top, top + visible).map((u, i) => (
        <Line key={u} inverse={top + i === cursor}>
          {top + i === cursor ? '> ' : '  '}
          {u}
        </Line>
      ))}
    </Box>
  );
}
