/**
 * The detail view's interaction state: which section, scroll, the cursor on parent/child links,
 * the files filter, the environment key and secret reveal, and which action dialog is open. Its
 * keys are the commands of detailCommands.ts. Pure, so the keyboard is tested without a terminal.
 */
import type { ActionKind } from '../dialogs/ActionDialog.js';
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
