/**
 * The squash that keeps each Text's cleaned string (src/ui/terminal/squashTextNodes.ts) against
 * Ink's own (ink/build/squash-text-nodes.js): random trees of text, virtual text and hidden
 * children, with escapes, C1 controls, CR LF, tabs and transforms, squashed, changed and squashed
 * again: every node's string is Ink's, also when a kept one must not be used.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DOMElement, DOMNode, TextNode } from '../../../node_modules/ink/build/dom.js';
import inkSquash from '../../../node_modules/ink/build/squash-text-nodes.js';
import squashTextNodes from '../../../src/ui/terminal/squashTextNodes.js';

const PIECES = [
  '\u001b[31m',
  '\u001b[1;38;5;208m',
  '\u001b[38:2::10:20:30m',
  '\u001b[0m',
  '\u001b[m',
  '\u001b[?25l',
  '\u001b[1 m',
  '\u001b[4:3m',
  '\u001b[2J',
  '\u001b[5;10H',
  '\u001b]8;;https://example.com\u0007',
  '\u001b]8;;\u0007',
  '\u009b31m',
  '\u009d0;title\u009c',
  '\r\n',
  '\n',
  '\t',
  '\u0007',
  '\u007f',
  '\u0301',
  'e\u0301',
  '界',
  '👍🏽',
  'cpu 12.5%',
  ' ',
];

const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join(''));

/** What a tree is made of, before it is built. */
type Shape = { text: string } | { name: 'ink-text' | 'ink-virtual-text'; hidden: boolean; transform: boolean; children: Shape[] };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((t) => ({ text: t })),
    fc.record({
      name: fc.constantFrom<'ink-text' | 'ink-virtual-text'>('ink-text', 'ink-virtual-text'),
      hidden: fc.boolean(),
      transform: fc.boolean(),
      children: fc.array(tie('node'), { maxLength: 4 }),
    }),
  ),
})).node;

// Ink's Text applies its transform per line, with the line's index: visible, index-dependent ones,
// two of them, as a Text that renders again gets another.
const transform = (line: string, index: number) => `${index}>${line.toUpperCase()}`;
const another = (line: string, index: number) => `${index}<${line.toLowerCase()}`;

function build(s: Shape, parent: DOMElement | undefined): DOMNode {
  if ('text' in s) return { nodeName: '#text', nodeValue: s.text, parentNode: parent, style: {} };
  const node = { nodeName: s.name, attributes: {}, childNodes: [] as DOMNode[], parentNode: parent, style: {} } as DOMElement;
  if (s.hidden) node.isHidden = true;
  if (s.transform) node.internal_transform = transform;
  node.childNodes = s.children.map((c) => build(c, node));
  return node;
}

function elements(node: DOMNode, into: DOMElement[] = []): DOMElement[] {
  if (node.nodeName === '#text') return into;
  into.push(node);
  for (const child of node.childNodes) elements(child, into);
  return into;
}

function texts(node: DOMNode, into: TextNode[] = []): TextNode[] {
  if (node.nodeName === '#text') into.push(node);
  else for (const child of node.childNodes) texts(child, into);
  return into;
}

/** Between frames: a text's value, a child hidden or shown, a transform set, changed or dropped. */
type Change = { kind: 'text'; at: number; value: string } | { kind: 'hide'; at: number } | { kind: 'transform'; at: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), value: text }),
  fc.record({ kind: fc.constant('hide' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('transform' as const), at: fc.nat() }),
);

function apply(root: DOMElement, c: Change): void {
  if (c.kind === 'text') {
    const all = texts(root);
    if (all.length > 0) all[c.at % all.length].nodeValue = c.value;
    return;
  }
  // The root itself stays as it is: Ink squashes the Text it draws, whatever its own flags.
  const inner = elements(root).slice(1);
  if (inner.length === 0) return;
  const node = inner[c.at % inner.length];
  if (c.kind === 'hide') node.isHidden = !node.isHidden;
  else node.internal_transform = node.internal_transform === undefined ? transform : node.internal_transform === transform ? another : undefined;
}

describe('squashTextNodes', () => {
  it("gives Ink's string for every node, frame after frame, as texts, hidden children and transforms change", () => {
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 5 }), fc.array(change, { maxLength: 8 }), (children, changes) => {
        const root = build({ name: 'ink-text', hidden: false, transform: false, children }, undefined) as DOMElement;
        for (const c of [undefined, ...changes]) {
          if (c !== undefined) apply(root, c);
          for (const node of elements(root)) expect(squashTextNodes(node)).toBe(inkSquash(node));
          // A second squash of the same frame is served from what the nodes kept.
          expect(squashTextNodes(root)).toBe(inkSquash(root));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('cleans a text once while its children stay the same', () => {
    const node = build({ name: 'ink-text', hidden: false, transform: false, children: [{ text: '\u001b[31mred\u001b[0m\tx' }] }, undefined) as DOMElement;
    const first = squashTextNodes(node);
    expect(first).toBe(inkSquash(node));
    // The same string object back: nothing was tokenized or rebuilt.
    expect(Object.is(squashTextNodes(node), first)).toBe(true);
  });
});
