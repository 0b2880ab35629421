/** What a terminal below 80x24 shows; q still quits and the screen comes back when it grows. */
import { Text } from './Text.js';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.js';

export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  return <Text>{`terminal too small: need ${MIN_COLUMNS}x${MIN_ROWS}, have ${columns}x${rows}`}</Text>;
}
