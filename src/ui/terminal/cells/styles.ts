/**
 * Cell styles for the cell renderer: SGR parameters (ECMA-48 8.3.117, xterm's ctlseqs for the
 * 256-colour and direct-colour forms) folded into a (foreground, background, attributes) triple,
 * interned as a small integer so a cell grid holds one number per cell, and the shortest SGR that
 * turns one style into another.
 */

/** Attribute bits of a style. */
const BOLD = 1;
const DIM = 2;
const ITALIC = 4;
const UNDERLINE = 8;
const BLINK = 16;
const INVERSE = 32;
const HIDDEN = 64;
const STRIKE = 128;
const OVERLINE = 256;

/** Each attribute's SGR code to set it and to clear it (bold and dim share 22). */
const ATTRIBUTES: readonly (readonly [bit: number, on: number, off: number])[] = [
  [BOLD, 1, 22],
  [DIM, 2, 22],
  [ITALIC, 3, 23],
  [UNDERLINE, 4, 24],
  [BLINK, 5, 25],
  [INVERSE, 7, 27],
  [HIDDEN, 8, 28],
  [STRIKE, 9, 29],
  [OVERLINE, 53, 55],
];

/**
 * A colour as one number: 0 the terminal's default, 1-16 the named colours (their SGR index + 1,
 * so bright ones keep their own codes), 0x100 + n palette entry n, 0x1000000 + rgb direct colour.
 */
type Colour = number;

const PALETTE = 0x100;
const DIRECT = 0x1000000;

/** The id of the default style (no colour, no attribute): blank cells and the pen after a reset. */
export const DEFAULT_STYLE = 0;

/** The pen state when nothing is known about it (after another writer, or a sync). */
export const UNKNOWN_STYLE = -1;

/** What an SGR sequence builds up: a style before it is interned. */
export interface StyleState {
  fg: Colour;
  bg: Colour;
  attrs: number;
}

function colourParams(colour: Colour, background: boolean): string {
  if (colour === 0) return background ? '49' : '39';
  if (colour >= DIRECT) {
    const rgb = colour - DIRECT;
    return `${background ? 48 : 38};2;${rgb >> 16};${(rgb >> 8) & 0xff};${rgb & 0xff}`;
  }
  if (colour >= PALETTE) return `${background ? 48 : 38};5;${colour - PALETTE}`;
  const index = colour - 1;
  const base = index < 8 ? 30 + index : 90 + index - 8;
  return String(background ? base + 10 : base);
}

/** Reads an extended colour (38/48 ;5;n or ;2;r;g;b) starting at params[i]; returns it and the params it used. */
function extendedColour(params: readonly number[], i: number): [Colour | undefined, number] {
  const kind = params[i + 1];
  if (kind === 5) return [PALETTE + ((params[i + 2] ?? 0) & 0xff), 3];
  if (kind === 2) return [DIRECT + (((params[i + 2] ?? 0) & 0xff) << 16) + (((params[i + 3] ?? 0) & 0xff) << 8) + ((params[i + 4] ?? 0) & 0xff), 5];
  return [undefined, 2];
}

/** Applies SGR parameters (an empty list is a reset) to `state` in place, as a terminal does. */
export function applySgr(state: StyleState, params: readonly number[]): void {
  if (params.length === 0) {
    state.fg = 0;
    state.bg = 0;
    state.attrs = 0;
    return;
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) {
      state.fg = 0;
      state.bg = 0;
      state.attrs = 0;
    } else if (p >= 30 && p <= 37) state.fg = p - 30 + 1;
    else if (p >= 90 && p <= 97) state.fg = p - 90 + 9;
    else if (p >= 40 && p <= 47) state.bg = p - 40 + 1;
    else if (p >= 100 && p <= 107) state.bg = p - 100 + 9;
    else if (p === 39) state.fg = 0;
    else if (p === 49) state.bg = 0;
    else if (p === 38 || p === 48) {
      const [colour, used] = extendedColour(params, i);
      if (colour !== undefined) {
        if (p === 38) state.fg = colour;
        else state.bg = colour;
      }
      i += used - 1;
    } else if (p === 22) state.attrs &= ~(BOLD | DIM);
    else {
      for (const [bit, on, off] of ATTRIBUTES) {
        if (p === on) state.attrs |= bit;
        else if (p === off) state.attrs &= ~bit;
      }
    }
  }
}

/** The SGR parameters that take style `source` to style `target`, each part set or cleared by its own code. */
function changes(source: StyleState, target: StyleState): string[] {
  const codes: string[] = [];
  let attrs = source.attrs;
  // Bold and dim share their closing code: clear both, then set again the one that stays.
  if (attrs & ~target.attrs & (BOLD | DIM)) {
    codes.push('22');
    attrs &= ~(BOLD | DIM);
  }
  for (const [bit, on, off] of ATTRIBUTES) {
    if (target.attrs & bit && !(attrs & bit)) codes.push(String(on));
    else if (attrs & bit && !(target.attrs & bit)) codes.push(String(off));
  }
  if (target.fg !== source.fg) codes.push(colourParams(target.fg, false));
  if (target.bg !== source.bg) codes.push(colourParams(target.bg, true));
  return codes;
}

/**
 * The styles one renderer has seen, each interned once as a small integer, and the SGR between
 * two of them, computed once. Owned by one renderer; `size` lets it start over when a frame
 * brought too many (direct-colour gradients).
 */
export class StyleTable {
  private readonly ids = new Map<string, number>();
  private readonly styles: StyleState[] = [];
  private readonly transitions = new Map<number, string>();
  private readonly steps = new Map<number, string>();

  constructor() {
    this.intern({ fg: 0, bg: 0, attrs: 0 });
  }

  get size(): number {
    return this.styles.length;
  }

  /** The id of `state` (copied when new). */
  intern(state: StyleState): number {
    const key = `${state.fg},${state.bg},${state.attrs}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.styles.length;
      this.styles.push({ fg: state.fg, bg: state.bg, attrs: state.attrs });
      this.ids.set(key, id);
    }
    return id;
  }

  /** The style an id stands for. */
  get(id: number): Readonly<StyleState> {
    return this.styles[id];
  }

  /**
   * The shortest SGR sequence that takes the terminal's pen from style `from` (UNKNOWN_STYLE when
   * unknown) to style `to`: the differences alone, or a reset followed by everything `to` sets.
   */
  transition(from: number, to: number): string {
    if (from === to) return '';
    const key = (from + 1) * 0x10000 + to;
    let sgr = this.transitions.get(key);
    if (sgr === undefined) {
      sgr = this.computeTransition(from, to);
      this.transitions.set(key, sgr);
    }
    return sgr;
  }

  /** How many transitions are kept (an owner bounds its tables by this too). */
  get transitionsHeld(): number {
    return this.transitions.size + this.steps.size;
  }

  /**
   * From style `from` to style `to` (both known) as one SGR sequence per change, each with the
   * code that sets or clears just that part, never a reset: the spelling chalk expects of text it
   * wraps. A style function of chalk opens its style again only after its own closing code
   * (39, 49, 22, ...), so text handed to a Text's transform must close a part with exactly that
   * code, or the rest of the line loses the outer style.
   */
  stepwise(from: number, to: number): string {
    if (from === to) return '';
    const key = from * 0x10000 + to;
    let sgr = this.steps.get(key);
    if (sgr === undefined) {
      const codes = changes(this.styles[from], this.styles[to]);
      sgr = codes.map((code) => `\u001b[${code}m`).join('');
      this.steps.set(key, sgr);
    }
    return sgr;
  }

  private computeTransition(from: number, to: number): string {
    const target = this.styles[to];
    const fresh: string[] = [];
    for (const [bit, on] of ATTRIBUTES) if (target.attrs & bit) fresh.push(String(on));
    if (target.fg !== 0) fresh.push(colourParams(target.fg, false));
    if (target.bg !== 0) fresh.push(colourParams(target.bg, true));
    const reset = `\u001b[${fresh.length === 0 ? '' : '0;' + fresh.join(';')}m`;
    if (from === UNKNOWN_STYLE) return reset;
    const delta = changes(this.styles[from], target);
    const differences = `\u001b[${delta.join(';')}m`;
    return differences.length <= reset.length ? differences : reset;
  }
}
