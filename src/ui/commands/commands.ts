/**
 * Every command of the screen, declared once: its modes, its default keys, one line of help and
 * its handler. The reducer finds the command for a key here (screenCommands.ts) and the `?` help
 * lists this table (help.ts), so the two cannot disagree. The detail view has a table of its own
 * over its own state (detail/detailCommands.ts) and the action dialogs read their own keys
 * (dialogs/); here they have only quit, suspend and redraw.
 */
import { ANY_KEY, ANY_TEXT, ctrl, key, text } from './bindings.js';
import type { Command } from './command.js';
import { acceptText, clearText, eraseText, nextMatch, searchOn, typeText } from './editing.js';
import * as h from './handlers.js';
import { KEY_MODES, type KeyMode } from './modes.js';
import { moveDown, moveFirst, moveLast, moveUp, pageDown, pageUp } from './navigation.js';
import * as time from './time.js';

/** The modes with a list to move in. */
const LISTS: readonly KeyMode[] = ['table', 'connections', 'alerts', 'users', 'verdict', 'help'];
/** The modes with a text box. */
const BOXES: readonly KeyMode[] = ['search', 'filter', 'connFilter', 'goto'];
/** The modes the time keys work in: the views of one sample. */
const SAMPLE_VIEWS: readonly KeyMode[] = ['table', 'connections', 'verdict'];
/** Every mode of the screen's state (the detail view's files filter is the detail view's own). */
const EVERYWHERE = KEY_MODES.filter((m) => m !== 'detailFilter');
const EVERYWHERE_BUT_TOO_SMALL = EVERYWHERE.filter((m) => m !== 'tooSmall');

export const COMMANDS: readonly Command[] = [
  { id: 'up', modes: LISTS, keys: [key('up'), text('k')], help: 'move the selection', row: 'updown', run: moveUp },
  { id: 'down', modes: LISTS, keys: [key('down'), text('j')], help: 'move the selection', row: 'updown', run: moveDown },
  { id: 'pageUp', modes: LISTS, keys: [key('pageup'), ctrl('b')], help: 'move a page', row: 'page', run: pageUp },
  { id: 'pageDown', modes: LISTS, keys: [key('pagedown'), ctrl('f')], help: 'move a page', row: 'page', run: pageDown },
  { id: 'first', modes: LISTS, keys: [key('home'), text('g')], help: 'first / last row', row: 'ends', run: moveFirst },
  { id: 'last', modes: LISTS, keys: [key('end'), text('G')], help: 'first / last row', row: 'ends', run: moveLast },

  { id: 'search', modes: ['table'], keys: [key('f3'), text('/')], help: 'search (type; F3/Down: next; Enter keeps; Esc clears)', run: h.startSearch },
  { id: 'nextMatch', modes: ['table'], keys: [text('n')], help: 'next search match', run: nextMatch },
  { id: 'clearSearch', modes: ['table'], keys: [key('escape')], help: 'forget the search', run: h.clearSearch },
  { id: 'filter', modes: ['table', 'connections'], keys: [key('f4'), text('\\')], help: 'filter: hide what does not match (Esc clears)', run: h.startFilter },
  { id: 'tree', modes: ['table'], keys: [key('f5'), text('t')], help: 'tree view by parent', run: h.toggleTree },
  { id: 'sortNext', modes: ['table', 'connections'], keys: [key('f6'), text('>'), text('.')], help: 'sort by the next column', run: h.sortNext },
  { id: 'sortPrevious', modes: ['table', 'connections'], keys: [text('<'), text(',')], help: 'sort by the previous column', run: h.sortPrevious },
  { id: 'invertSort', modes: ['table', 'connections'], keys: [text('I')], help: 'invert the sort order', run: h.invertSort },
  { id: 'users', modes: ['table', 'users'], keys: [text('u')], help: "show one user's processes", run: h.toggleUsers },
  { id: 'hideKernel', modes: ['table'], keys: [text('H')], help: 'hide/show kernel threads', run: h.toggleKernel },
  {
    id: 'virtualNet',
    modes: ['table'],
    keys: [text('v')],
    help: 'network: virtual interfaces (veth, bridges) one by one, or summed on one line',
    run: h.toggleVirtualNet,
  },
  { id: 'cmdline', modes: ['table'], keys: [text('c')], help: 'command line / process name', run: h.toggleCmdline },
  {
    id: 'pause',
    modes: ['table'],
    keys: [text('p')],
    help: 'pause the screen (sampling goes on; the time keys step through what is held)',
    run: time.togglePause,
  },
  { id: 'stepBack', modes: SAMPLE_VIEWS, keys: [text('[')], help: 'a sample back / forward (pauses top)', row: 'step', run: time.stepBack },
  { id: 'stepForward', modes: SAMPLE_VIEWS, keys: [text(']')], help: 'a sample back / forward (pauses top)', row: 'step', run: time.stepForward },
  { id: 'minuteBack', modes: SAMPLE_VIEWS, keys: [text('{')], help: 'a minute back / forward', row: 'minute', run: time.minuteBack },
  { id: 'minuteForward', modes: SAMPLE_VIEWS, keys: [text('}')], help: 'a minute back / forward', row: 'minute', run: time.minuteForward },
  { id: 'hourBack', modes: SAMPLE_VIEWS, keys: [text('(')], help: 'an hour back / forward', row: 'hour', run: time.hourBack },
  { id: 'hourForward', modes: SAMPLE_VIEWS, keys: [text(')')], help: 'an hour back / forward', row: 'hour', run: time.hourForward },
  {
    id: 'goto',
    modes: ['table'],
    keys: [text('T')],
    help: 'go to a time ("2026-12-04 03:12", "03:12", ISO 8601, "-2h", "-30m")',
    run: time.startGoto,
  },
  {
    id: 'connections',
    modes: ['table', 'connections'],
    keys: [text('C')],
    help: 'connections (sort, filter; Enter: details; Esc back)',
    run: h.toggleConnections,
  },
  { id: 'alerts', modes: ['table', 'alerts'], keys: [text('a')], help: 'alert history (Up/Down scroll, Esc closes)', run: h.toggleAlerts },
  {
    id: 'verdict',
    modes: ['table', 'verdict'],
    keys: [text('V')],
    help: 'the verdict: what limits this host, its evidence, hogs and victims (Up/Down scroll, Esc closes)',
    run: h.toggleVerdict,
  },
  {
    id: 'applyAdvice',
    modes: ['verdict'],
    keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => text(d)),
    help: 'apply advice N: its dialog opens on the process, at the advised value, and asks before acting',
    run: h.applyAdvice,
  },
  { id: 'acknowledge', modes: ['table'], keys: [text('A')], help: 'acknowledge the firing alerts', run: h.acknowledgeAlerts },
  { id: 'silence', modes: ['table'], keys: [text('S')], help: 'silence the firing alerts for an hour (no desktop or webhook)', run: h.silenceAlerts },
  { id: 'details', modes: ['table'], keys: [key('enter')], help: 'process details', run: h.openDetails },
  { id: 'ownerDetails', modes: ['connections'], keys: [key('enter')], help: "the socket's process details", run: h.openOwnerDetails },
  { id: 'pickUser', modes: ['users'], keys: [key('enter')], help: "show this user's processes", run: h.pickUser },
  { id: 'tag', modes: ['table'], keys: [text(' ')], help: 'tag / untag all: actions apply to the tagged', row: 'tags', run: h.toggleTag },
  { id: 'untagAll', modes: ['table'], keys: [text('U')], help: 'tag / untag all: actions apply to the tagged', row: 'tags', run: h.clearTags },
  { id: 'signal', modes: ['table'], keys: [key('f9'), text('K')], help: 'send a signal (asks first)', run: h.signalDialog },
  { id: 'renice', modes: ['table'], keys: [key('f7'), key('f8')], help: 'renice / ionice', row: 'priority', run: h.reniceDialog },
  { id: 'ionice', modes: ['table'], keys: [text('i')], help: 'renice / ionice', row: 'priority', run: h.ioniceDialog },
  { id: 'sched', modes: ['table'], keys: [text('s')], help: 'scheduling policy: SCHED_IDLE, BATCH or OTHER (asks first)', run: h.schedDialog },
  { id: 'weight', modes: ['table'], keys: [text('w')], help: "lower the CPU or I/O weight of the process's cgroup (asks first)", run: h.weightDialog },
  {
    id: 'help',
    modes: ['table'],
    keys: [key('f1'), text('?'), text('h')],
    help: 'this help (where it does not fit, the list keys scroll it; other keys close it)',
    run: h.openHelp,
  },
  { id: 'back', modes: ['connections', 'alerts', 'users', 'verdict'], keys: [key('escape'), text('q')], help: 'back to the process table', run: h.backToTable },

  { id: 'type', modes: BOXES, keys: [ANY_TEXT], help: 'type into the box', run: typeText },
  { id: 'erase', modes: BOXES, keys: [key('backspace')], help: 'erase the last character', run: eraseText },
  { id: 'gotoAccept', modes: ['goto'], keys: [key('enter')], help: 'go to the time typed', run: time.acceptGoto },
  { id: 'accept', modes: BOXES.filter((m) => m !== 'goto'), keys: [key('enter')], help: 'keep the text and close the box', run: acceptText },
  { id: 'clear', modes: BOXES, keys: [key('escape')], help: 'clear the text and close the box', run: clearText },
  { id: 'searchOn', modes: ['search'], keys: [key('f3'), key('down')], help: 'next match', run: searchOn },

  { id: 'closeHelp', modes: ['help'], keys: [ANY_KEY], help: 'close this help', run: h.backToTable },
  { id: 'suspend', modes: EVERYWHERE_BUT_TOO_SMALL, keys: [ctrl('z')], help: 'suspend (fg resumes)', run: h.suspend },
  { id: 'redraw', modes: EVERYWHERE, keys: [ctrl('l')], help: 'redraw the whole screen (after other output wrote over it)', run: h.redraw },
  { id: 'quit', modes: EVERYWHERE, keys: [text('q', ['table', 'tooSmall']), key('f10'), ctrl('c')], help: 'quit', run: h.quit },
];
