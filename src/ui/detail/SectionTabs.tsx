/** The drill-down's section strip (" 1 Overview  2 Files ..."), the chosen one inverted: live and recorded alike. */
import { Text } from '../components/Text.js';
import { SECTIONS } from './sections.js';

export function SectionTabs({ section }: { section: number }) {
  return (
    <Text wrap="truncate">
      {SECTIONS.map((s, i) => (
        <Text key={s.id} inverse={i === section} bold={i === section}>
          {` ${i + 1} ${s.title} `}
        </Text>
      ))}
    </Text>
  );
}
