/**
 * Raw terminal input → key names. Ink's useInput reports F1–F12 with no name (its Key type has no
 * field for them), and htop's keys are F-keys, so the UI parses the raw sequences itself
 * (xterm, VT220, rxvt and Linux console forms; see ctlseqs "PC-Style Function Keys").
 */

export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'insert'
  | 'delete'
  | 'enter'
  | 'escape'
  | 'backspace'
  | 'tab'
  | 'f1'
  | 'f2'
  | 'f3'
  | 'f4'
  | 'f5'
  | 'f6'
  | 'f7'
  | 'f8'
  | 'f9'
  | 'f10'
  | 'f11'
  | 'f12'
  | 'text';

export interface KeyEvent {
  name: KeyName;
  /** Printable text for name 'text' (a typed character or a paste); '' otherwise. */
  text: string;
  /** Ctrl held: for a control character (Ctrl-A..Ctrl-Z), `text` is the lower-case letter. */
  ctrl: boolean;
}

const SEQUENCES: Record<string, KeyName> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  '[5~': 'pageup',
  '[6~': 'pagedown',
  '[H': 'home',
  '[F': 'end',
  OH: 'home',
  OF: 'end',
  '[1~': 'home',
  '[4~': 'end',
  '[7~': 'home',
  '[8~': 'end',
  '[2~': 'insert',
  '[3~': 'delete',
  OP: 'f1',
  OQ: 'f2',
  OR: 'f3',
  OS: 'f4',
  '[11~': 'f1',
  '[12~': 'f2',
  '[13~': 'f3',
  '[14~': 'f4',
  '[[A': 'f1',
  '[[B': 'f2',
  '[[C': 'f3',
  '[[D': 'f4',
  '[[E': 'f5',
  '[15~': 'f5',
  '[17~': 'f6',
  '[18~': 'f7',
  '[19~': 'f8',
  '[20~': 'f9',
  '[21~': 'f10',
  '[23~': 'f11',
  '[24~': 'f12',
};

/**
 * The keys in one input event. Ink hands over a run of plain text as one event (keys typed faster
 * than it reads, tmux send-keys, a paste), Enter and Tab included, so the run is split into one
 * key per character: "/sleep\r" is a search, five letters and Enter, as typed. An escape
 * sequence always arrives as an event of its own.
 */
export function parseKeys(data: string): KeyEvent[] {
  if (data.startsWith('\x1b')) {
    const key = parseKey(data);
    return key === undefined ? [] : [key];
  }
  const keys: KeyEvent[] = [];
  for (const ch of data) {
    const key = parseKey(ch);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/** One key from one input event; undefined for sequences that are not keys (terminal replies). */
export function parseKey(data: string): KeyEvent | undefined {
  if (data === '') return undefined;
  if (data === '\r' || data === '\n') return { name: 'enter', text: '', ctrl: false };
  if (data === '\t') return { name: 'tab', text: '', ctrl: false };
  if (data === '\x7f' || data === '\b') return { name: 'backspace', text: '', ctrl: false };
  if (data === '\x1b' || data === '\x1b\x1b') return { name: 'escape', text: '', ctrl: false };
  if (data.startsWith('\x1b')) {
    // Modified keys (e.g. ESC [1;5A) name the same key; the modifier is not used by the UI.
    const body = data
      .slice(1)
      .replace(/^\[1;\d+([A-DHF])$/, '[$1')
      .replace(/^\[(\d+);\d+~$/, '[$1~');
    const name = SEQUENCES[body];
    return name === undefined ? undefined : { name, text: '', ctrl: false };
  }
  const code = data.charCodeAt(0);
  if (data.length === 1 && code >= 1 && code <= 26) {
    return { name: 'text', text: String.fromCharCode(code + 96), ctrl: true };
  }
  // Drop any other control characters so they never reach a search string or the screen.
  const text = data.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text === '' ? undefined : { name: 'text', text, ctrl: false };
}
