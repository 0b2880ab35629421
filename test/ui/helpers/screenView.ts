/**
 * A ScreenView for reducer tests: the test processes, 3 rows a page, four sort columns, the
 * detail view and the alert history present, with view caches as App keeps them.
 */
import { ConnViewCache } from '../../../src/ui/connections/view.js';
import type { ScreenView } from '../../../src/ui/state/screenView.js';
import { ProcessViewCache } from '../../../src/ui/table/processView.js';
import { TEST_PROCESSES } from './snapshots.js';

export type ViewInput = Partial<Omit<ScreenView, 'processView' | 'connView'>>;

export function screenView(input: ViewInput = {}): ScreenView {
  const processes = new ProcessViewCache();
  const connections = new ConnViewCache();
  const base: Omit<ScreenView, 'processView' | 'connView'> = {
    rows: TEST_PROCESSES,
    connections: [],
    ascii: false,
    pageSize: 3,
    connPageSize: 3,
    columns: ['pid', 'user', 'cpu', 'command'],
    lastIndex: 0,
    tooSmall: false,
    canAcknowledge: false,
    unacknowledged: [],
    canSilence: false,
    unsilenced: [],
    canDetail: true,
    canDialog: false,
    canAlerts: true,
    alertCount: 2,
    verdictLines: 0,
    advice: [],
    helpLines: 0,
    time: 'live',
    ...input,
  };
  return {
    ...base,
    processView: (opts) => processes.of(base.rows, opts, { memTotalBytes: 1e9 }),
    connView: (opts) => connections.of(base.connections, opts),
  };
}
