/**
 * The detail view's commands, declared like the screen's (commands/commands.ts) but over the
 * view's own state (detailState.ts): sections, scrolling and links, the files filter, the
 * environment and its secrets, and the action dialogs. detailKey runs them; the `?` help lists
 * them. Some keys mean something in one section only (Enter on a link in the overview, / in the
 * files, e and v in the environment) and do nothing elsewhere.
 */
import { ANY_TEXT, key, text } from '../commands/bindings.js';
import type { CommandOf } from '../commands/command.js';
import { CommandIndex } from '../commands/resolve.js';
import type { KeyEvent } from '../input/keys.js';
import type { ActionKind } from '../dialogs/ActionDialog.js';
import { SECTIONS } from './sections.js';
import { sectionId, type DetailEffect, type DetailKeyEnv, type DetailUiState } from './detailState.js';

export type DetailStep = { state: DetailUiState; effect?: DetailEffect };
export type DetailCommand = CommandOf<DetailUiState, DetailKeyEnv, DetailStep>;

const stay = (state: DetailUiState): DetailStep => ({ state });

function goTo(s: DetailUiState, section: number): DetailStep {
  const n = SECTIONS.length;
  return stay({ ...s, section: ((section % n) + n) % n, scroll: 0, editingFilter: false });
}

function scrollBy(s: DetailUiState, delta: number, env: DetailKeyEnv): DetailStep {
  const max = Math.max(0, env.lines - env.pageLines);
  return stay({ ...s, scroll: Math.max(0, Math.min(max, s.scroll + delta)) });
}

/** In the overview, with parent or child links, Up/Down move over them. */
const onLinks = (s: DetailUiState, env: DetailKeyEnv) => sectionId(s) === 'overview' && env.links > 0;

function openDialog(dialog: ActionKind) {
  return (s: DetailUiState, env: DetailKeyEnv): DetailStep =>
    env.gone ? { state: s, effect: { kind: 'status', text: 'the process has exited: no actions' } } : stay({ ...s, dialog });
}

/** In one section only; elsewhere the key does nothing. */
function inSection(id: (typeof SECTIONS)[number]['id'], run: (s: DetailUiState) => DetailUiState) {
  return (s: DetailUiState): DetailStep => stay(sectionId(s) === id ? run(s) : s);
}

const DIGITS = SECTIONS.map((_, i) => text(String(i + 1)));

export const DETAIL_COMMANDS: readonly DetailCommand[] = [
  { id: 'back', modes: ['detail'], keys: [key('escape')], help: 'back', run: (s) => ({ state: s, effect: { kind: 'back' } }) },
  {
    id: 'nextSection',
    modes: ['detail'],
    keys: [key('tab'), key('right')],
    help: 'next / previous section',
    row: 'sections',
    run: (s) => goTo(s, s.section + 1),
  },
  { id: 'previousSection', modes: ['detail'], keys: [key('left')], help: 'next / previous section', row: 'sections', run: (s) => goTo(s, s.section - 1) },
  {
    id: 'section',
    modes: ['detail'],
    keys: DIGITS,
    help: `a section by number (${SECTIONS.map((x) => x.title).join(', ')})`,
    run: (s, _e, a) => goTo(s, Number(a.text) - 1),
  },
  {
    id: 'up',
    modes: ['detail'],
    keys: [key('up')],
    help: 'the parent/child links (overview), else scroll',
    row: 'updown',
    run: (s, env) => (onLinks(s, env) ? stay({ ...s, linkCursor: Math.max(0, s.linkCursor - 1) }) : scrollBy(s, -1, env)),
  },
  {
    id: 'down',
    modes: ['detail'],
    keys: [key('down')],
    help: 'the parent/child links (overview), else scroll',
    row: 'updown',
    run: (s, env) => (onLinks(s, env) ? stay({ ...s, linkCursor: Math.min(env.links - 1, s.linkCursor + 1) }) : scrollBy(s, 1, env)),
  },
  { id: 'pageUp', modes: ['detail'], keys: [key('pageup')], help: 'scroll a page', row: 'page', run: (s, env) => scrollBy(s, -env.pageLines, env) },
  { id: 'pageDown', modes: ['detail'], keys: [key('pagedown')], help: 'scroll a page', row: 'page', run: (s, env) => scrollBy(s, env.pageLines, env) },
  { id: 'top', modes: ['detail'], keys: [key('home')], help: 'top / bottom', row: 'ends', run: (s) => stay({ ...s, scroll: 0 }) },
  { id: 'bottom', modes: ['detail'], keys: [key('end')], help: 'top / bottom', row: 'ends', run: (s, env) => scrollBy(s, env.lines, env) },
  {
    id: 'openLink',
    modes: ['detail'],
    keys: [key('enter')],
    help: 'open the selected parent or child (overview)',
    run: (s, env) => (onLinks(s, env) ? { state: s, effect: { kind: 'openLink', index: Math.min(s.linkCursor, env.links - 1) } } : stay(s)),
  },
  {
    id: 'filterFiles',
    modes: ['detail'],
    keys: [text('/')],
    help: 'filter the open files (files)',
    run: inSection('files', (s) => ({ ...s, editingFilter: true })),
  },
  {
    id: 'environment',
    modes: ['detail'],
    keys: [text('e')],
    help: 'read and show the environment (environment)',
    run: inSection('environment', (s) => ({ ...s, envRequested: true })),
  },
  {
    id: 'reveal',
    modes: ['detail'],
    keys: [text('v')],
    help: 'show / mask secret-looking values (environment)',
    run: inSection('environment', (s) => (s.envRequested ? { ...s, reveal: !s.reveal } : s)),
  },
  { id: 'signal', modes: ['detail'], keys: [key('f9'), text('K')], help: 'send a signal (asks first)', run: openDialog('signal') },
  { id: 'renice', modes: ['detail'], keys: [key('f7'), key('f8'), text('r')], help: 'renice / ionice', row: 'priority', run: openDialog('renice') },
  { id: 'ionice', modes: ['detail'], keys: [text('i')], help: 'renice / ionice', row: 'priority', run: openDialog('ionice') },
  { id: 'sched', modes: ['detail'], keys: [text('s')], help: 'scheduling policy: SCHED_IDLE, BATCH or OTHER (asks first)', run: openDialog('sched') },
  { id: 'weight', modes: ['detail'], keys: [text('w')], help: "lower the CPU or I/O weight of the process's cgroup (asks first)", run: openDialog('weight') },

  {
    id: 'type',
    modes: ['detailFilter'],
    keys: [ANY_TEXT],
    help: 'type into the filter',
    run: (s, _e, a) => stay({ ...s, filter: s.filter + a.text, scroll: 0 }),
  },
  {
    id: 'erase',
    modes: ['detailFilter'],
    keys: [key('backspace')],
    help: 'erase the last character',
    run: (s) => stay({ ...s, filter: s.filter.slice(0, -1), scroll: 0 }),
  },
  { id: 'accept', modes: ['detailFilter'], keys: [key('enter')], help: 'keep the filter', run: (s) => stay({ ...s, editingFilter: false }) },
  {
    id: 'clear',
    modes: ['detailFilter'],
    keys: [key('escape')],
    help: 'clear the filter (stays in the view)',
    run: (s) => stay({ ...s, editingFilter: false, filter: '', scroll: 0 }),
  },
];

const INDEX = new CommandIndex(DETAIL_COMMANDS);

/** What a key does in the detail view: the command it runs, or nothing. */
export function detailKey(s: DetailUiState, key: KeyEvent, env: DetailKeyEnv): DetailStep {
  const call = INDEX.find(s.editingFilter ? 'detailFilter' : 'detail', key);
  return call === undefined ? stay(s) : call.command.run(s, env, call.args);
}
