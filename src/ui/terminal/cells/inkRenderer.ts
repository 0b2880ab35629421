/**
 * Stands in for Ink's renderer.js (ink/build/renderer.js, Ink 8.0.0), which turns the laid-out
 * tree into the frame's text; the bundle and the tests put it in place of Ink's own
 * (scripts/bundle/ink-cell-renderer.mjs, vitest.config.ts). It is Ink's renderer but for the
 * Output the tree is drawn into: the main frame goes into a FrameOutput, whose memory of parsed
 * lines and of the last frame lives on the root node across frames (docs/ui.md, "The cell
 * renderer"). <Static> output and screen-reader output, which the screen never uses, stay Ink's.
 */
import { Display, Edge } from 'yoga-layout';
// Ink's own modules, by path: its package exports only its public API.
import type { DOMElement } from '../../../../node_modules/ink/build/dom.js';
import Output from '../../../../node_modules/ink/build/output.js';
import renderNodeToOutput, { renderNodeToScreenReaderOutput } from '../../../../node_modules/ink/build/render-node-to-output.js';
import { frameMemoryOf } from './frameLink.js';
import { FrameOutput } from './frameOutput.js';

/** What the renderer gives Ink for one frame (Ink 8's renderer result). */
export interface RenderResult {
  output: string;
  outputHeight: number;
  staticOutput: string;
}

const visibleStaticNode = (node: DOMElement | undefined): DOMElement | undefined => {
  for (let ancestor = node; ancestor; ancestor = ancestor.parentNode) {
    if (ancestor.yogaNode?.getDisplay() === Display.None) return undefined;
  }
  return node;
};

function renderer(node: DOMElement, isScreenReaderEnabled: boolean): RenderResult {
  if (!node.yogaNode) return { output: '', outputHeight: 0, staticOutput: '' };
  const staticNode = visibleStaticNode(node.staticNode);
  if (isScreenReaderEnabled) {
    const output = renderNodeToScreenReaderOutput(node, { skipStaticElements: true });
    const outputHeight = output === '' ? 0 : output.split('\n').length;
    const staticOutput = staticNode ? renderNodeToScreenReaderOutput(staticNode, { skipStaticElements: false }) : '';
    return { output, outputHeight, staticOutput: staticOutput === '' ? '' : `${staticOutput}\n` };
  }
  const frame = new FrameOutput({ width: node.yogaNode.getComputedWidth(), height: node.yogaNode.getComputedHeight() }, frameMemoryOf(node));
  // render-node-to-output calls only write, clip and unclip, which FrameOutput has as Ink's Output does.
  renderNodeToOutput(node, frame as unknown as Output, { skipStaticElements: true });
  let staticOutput: Output | undefined;
  if (staticNode?.yogaNode) {
    const { yogaNode } = staticNode;
    staticOutput = new Output({
      width: yogaNode.getComputedLeft() + yogaNode.getComputedWidth() + yogaNode.getComputedMargin(Edge.Right),
      height: yogaNode.getComputedTop() + yogaNode.getComputedHeight() + yogaNode.getComputedMargin(Edge.Bottom),
    });
    renderNodeToOutput(staticNode, staticOutput, { skipStaticElements: false });
  }
  const { output, height } = frame.get();
  return {
    output,
    outputHeight: height,
    staticOutput: staticOutput && staticOutput.height > 0 ? `${staticOutput.get().output}\n` : '',
  };
}

export default renderer;
