/**
 * Ink's Text, memoised. A panel or row re-renders when its slice of the snapshot changes, and
 * most of its texts (titles, labels, units, the cells that did not move) come out the same: Ink's
 * own Text renders again all the same, with a new transform each time, and its node is updated.
 * With equal props (its string children among them) this one is skipped with its whole subtree
 * (bench/README.md, "Texts that did not change, skipped"). The UI imports Text from here, never
 * from ink (eslint.config.js).
 */
import React from 'react';
import { Text as InkText } from 'ink';

export const Text = React.memo(InkText);
