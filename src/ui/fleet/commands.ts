/**
 * Every command of the fleet screen, declared once on the same pieces as `top`'s table
 * (commands/bindings.ts, CommandIndex, the help built from the table): the reducer finds a key's
 * command here, and `?` lists them, so the two cannot disagree. The keys are top's where the
 * meaning is the same.
 */
import { ANY_KEY, ANY_TEXT, ctrl, key, label, text } from '../commands/bindings.js';
import type { HelpGroup } from '../commands/help.js';
import { rowsFor } from '../commands/help.js';
import { bindingsIn, CommandIndex } from '../commands/resolve.js';
import type { KeyEvent } from '../input/keys.js';
import * as h from './handlers.js';
import type { FleetCommand } from './handlers.js';
import type { FleetKeyMode } from './state.js';

const LISTS: readonly FleetKeyMode[] = ['table', 'help', 'host'];
const BOXES: readonly FleetKeyMode[] = ['search', 'filter'];
const EVERYWHERE: readonly FleetKeyMode[] = ['table', 'search', 'filter', 'help', 'host', 'tooSmall'];
const EVERYWHERE_BUT_TOO_SMALL = EVERYWHERE.filter((m) => m !== 'tooSmall');

export const FLEET_COMMANDS: readonly FleetCommand[] = [
  { id: 'up', modes: LISTS, keys: [key('up'), text('k')], help: 'move the selection (scroll in a host)', row: 'updown', run: h.moveUp },
  { id: 'down', modes: LISTS, keys: [key('down'), text('j')], help: 'move the selection (scroll in a host)', row: 'updown', run: h.moveDown },
  { id: 'pageUp', modes: LISTS, keys: [key('pageup'), ctrl('b')], help: 'move a page', row: 'page', run: h.pageUp },
  { id: 'pageDown', modes: LISTS, keys: [key('pagedown'), ctrl('f')], help: 'move a page', row: 'page', run: h.pageDown },
  { id: 'first', modes: LISTS, keys: [key('home'), text('g', ['help', 'host'])], help: 'first / last row', row: 'ends', run: h.moveFirst },
  { id: 'last', modes: LISTS, keys: [key('end'), text('G')], help: 'first / last row', row: 'ends', run: h.moveLast },

  { id: 'search', modes: ['table'], keys: [key('f3'), text('/')], help: 'search hosts (type; F3/Down: next; Enter keeps; Esc clears)', run: h.startSearch },
  { id: 'nextMatch', modes: ['table'], keys: [text('n')], help: 'next search match', run: h.nextMatch },
  { id: 'clearSearch', modes: ['table'], keys: [key('escape')], help: 'forget the search and the filter', run: h.clearSearch },
  {
    id: 'filter',
    modes: ['table'],
    keys: [key('f4'), text('\\')],
    help: 'filter: hide hosts that do not match (host, job, labels, process)',
    run: h.startFilter,
  },
  { id: 'group', modes: ['table'], keys: [text('g')], help: 'group by the next label (job, then the others, then none)', run: h.groupNext },
  { id: 'sortNext', modes: ['table'], keys: [key('f6'), text('>'), text('.')], help: 'sort by the next column', run: h.sortNext },
  { id: 'sortPrevious', modes: ['table'], keys: [text('<'), text(',')], help: 'sort by the previous column', run: h.sortPrevious },
  { id: 'invertSort', modes: ['table'], keys: [text('I')], help: 'invert the sort order', run: h.invertSort },
  { id: 'openHost', modes: ['table'], keys: [key('enter')], help: 'the host: an hour of charts, its GPUs, its processes', run: h.openHost },
  { id: 'closeHost', modes: ['host'], keys: [key('escape'), text('q')], help: 'back to the fleet', run: h.closeHost },
  {
    id: 'help',
    modes: ['table'],
    keys: [key('f1'), text('?'), text('h')],
    help: 'this help (where it does not fit, the list keys scroll it; other keys close it)',
    run: h.openHelp,
  },

  { id: 'type', modes: BOXES, keys: [ANY_TEXT], help: 'type into the box', run: h.typeText },
  { id: 'erase', modes: BOXES, keys: [key('backspace')], help: 'erase the last character', run: h.eraseText },
  { id: 'accept', modes: BOXES, keys: [key('enter')], help: 'keep the text and close the box', run: h.acceptText },
  { id: 'clear', modes: BOXES, keys: [key('escape')], help: 'clear the text and close the box', run: h.clearText },
  { id: 'searchOn', modes: ['search'], keys: [key('f3'), key('down')], help: 'next match', run: h.searchOn },

  { id: 'closeHelp', modes: ['help'], keys: [ANY_KEY], help: 'close this help', run: h.backToTable },
  { id: 'suspend', modes: EVERYWHERE_BUT_TOO_SMALL, keys: [ctrl('z')], help: 'suspend (fg resumes)', run: h.suspend },
  { id: 'redraw', modes: EVERYWHERE, keys: [ctrl('l')], help: 'redraw the whole screen (after other output wrote over it)', run: h.redraw },
  { id: 'quit', modes: EVERYWHERE, keys: [text('q', ['table', 'tooSmall']), key('f10'), ctrl('c')], help: 'quit', run: h.quit },
];

const INDEX = new CommandIndex<FleetCommand>(FLEET_COMMANDS);

/** The command `key` runs in `mode`; undefined when it does nothing there. */
export function fleetCommandFor(mode: FleetKeyMode, k: KeyEvent) {
  return INDEX.find(mode, k);
}

const MODES: readonly (readonly [FleetKeyMode, string])[] = [
  ['table', 'Fleet table'],
  ['search', 'Search box (F3 or /)'],
  ['filter', 'Filter box (F4 or \\)'],
  ['host', 'A host (Enter)'],
  ['help', 'This help'],
];

/** The `?` help of the fleet screen, from its command table. */
export function fleetHelpGroups(): HelpGroup[] {
  const everywhere = (c: FleetCommand) => MODES.every(([m]) => c.modes.includes(m));
  const groups = MODES.map(([mode, title]) => ({
    title,
    rows: rowsFor(mode === 'table' ? FLEET_COMMANDS : FLEET_COMMANDS.filter((c) => !everywhere(c)), mode),
  }));
  const common = FLEET_COMMANDS.filter(everywhere).map((c) => ({ ...c, keys: c.keys.filter((b) => b.only === undefined) }));
  return [...groups, { title: 'In every view', rows: rowsFor(common, 'help') }];
}

/** "  F1 help  F3 search ..." for the status line: an F-key where the command has one, as top's hints. */
export function fleetHints(words: readonly (readonly [id: string, word: string])[], mode: FleetKeyMode): string {
  return words
    .map(([id, word]) => {
      const c = FLEET_COMMANDS.find((cmd) => cmd.id === id);
      const bindings = c === undefined ? [] : bindingsIn(c, mode);
      const b = bindings.find((k) => 'key' in k && /^f\d+$/.test(k.key)) ?? bindings[0];
      if (b === undefined) throw new Error(`fleet hint '${word}': no command '${id}' with a key in ${mode}`);
      return `  ${label(b)} ${word}`;
    })
    .join('');
}
