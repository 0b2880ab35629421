/**
 * The detail view's interaction state and its key reducer: which section, scroll, the cursor on
 * parent/child links, the files filter, the environment key and secret reveal, and which action
 * dialog is open. Pure, so the keyboard is tested without a terminal.
 */
import type { ActionKind } from '../dialogs/ActionDialog.js';
import type { KeyEvent } from '../input/keys.js';
import { SECTIONS, type SectionId } from './sections.js';

export interface DetailUiState {
  section: number;
  scroll: number;
  linkCursor: number;
  filter: string;
  editingFilter: boolean;
  /** The environment was asked for (its key was pressed); read from then on. */
  envRequested: boolean;
  /** Secret-looking values shown in clear. */
  reveal: boolean;
  dialog?: ActionKind;
}

export const initialDetailState: DetailUiState = {
  section: 0,
  scroll: 0,
  linkCursor: 0,
  filter: '',
  editingFilter: false,
  envRequested: false,
  reveal: false,
};

/** What the view knows when a key arrives. */
export interface DetailKeyEnv {
  /** Number of parent + child links in the overview. */
  links: number;
  /** Lines in the current section and lines that fit on screen. */
  lines: number;
  pageLines: number;
  /** The process has exited: actions are off. */
  gone: boolean;
}

export type DetailEffect = { kind: 'back' } | { kind: 'openLink'; index: number } | { kind: 'status'; text: string };

export function sectionId(s: DetailUiState): SectionId {
  return SECTIONS[s.section].id;
}

function goTo(s: DetailUiState, section: number): DetailUiState {
  const n = SECTIONS.length;
  return { ...s, section: ((section % n) + n) % n, scroll: 0, editingFilter: false };
}

function scrollBy(s: DetailUiState, delta: number, env: DetailKeyEnv): DetailUiState {
  const max = Math.max(0, env.lines - env.pageLines);
  return { ...s, scroll: Math.max(0, Math.min(max, s.scroll + delta)) };
}

export function detailKey(s: DetailUiState, key: KeyEvent, env: DetailKeyEnv): { state: DetailUiState; effect?: DetailEffect } {
  const text = key.name === 'text' && !key.ctrl ? key.text : '';
  if (s.editingFilter) {
    if (key.name === 'enter') return { state: { ...s, editingFilter: false } };
    if (key.name === 'escape') return { state: { ...s, editingFilter: false, filter: '', scroll: 0 } };
    if (key.name === 'backspace') return { state: { ...s, filter: s.filter.slice(0, -1), scroll: 0 } };
    if (text !== '') return { state: { ...s, filter: s.filter + text, scroll: 0 } };
    return { state: s };
  }
  if (key.name === 'escape') return { state: s, effect: { kind: 'back' } };
  if (key.name === 'tab' || key.name === 'right') return { state: goTo(s, s.section + 1) };
  if (key.name === 'left') return { state: goTo(s, s.section - 1) };
  if (/^[1-8]$/.test(text)) return { state: goTo(s, Number(text) - 1) };
  const id = sectionId(s);
  if (id === 'overview' && env.links > 0) {
    if (key.name === 'up') return { state: { ...s, linkCursor: Math.max(0, s.linkCursor - 1) } };
    if (key.name === 'down') return { state: { ...s, linkCursor: Math.min(env.links - 1, s.linkCursor + 1) } };
    if (key.name === 'enter') return { state: s, effect: { kind: 'openLink', index: Math.min(s.linkCursor, env.links - 1) } };
  }
  if (key.name === 'up') return { state: scrollBy(s, -1, env) };
  if (key.name === 'down') return { state: scrollBy(s, 1, env) };
  if (key.name === 'pageup') return { state: scrollBy(s, -env.pageLines, env) };
  if (key.name === 'pagedown') return { state: scrollBy(s, env.pageLines, env) };
  if (key.name === 'home') return { state: { ...s, scroll: 0 } };
  if (key.name === 'end') return { state: scrollBy(s, env.lines, env) };
  if (id === 'files' && text === '/') return { state: { ...s, editingFilter: true } };
  if (id === 'environment' && text === 'e') return { state: { ...s, envRequested: true } };
  if (id === 'environment' && text === 'v' && s.envRequested) return { state: { ...s, reveal: !s.reveal } };
  const dialog: ActionKind | undefined =
    key.name === 'f9' || text === 'K' ? 'signal' : key.name === 'f7' || key.name === 'f8' || text === 'r' ? 'renice' : text === 'i' ? 'ionice' : undefined;
  if (dialog !== undefined) {
    if (env.gone) return { state: s, effect: { kind: 'status', text: 'the process has exited: no actions' } };
    return { state: { ...s, dialog } };
  }
  return { state: s };
}
