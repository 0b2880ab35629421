import { describe, expect, it } from 'vitest';
import { asciiChart, asciiSparkline, ASCII_RAMP } from '../../src/ui/charts/ascii.js';
import { meterBar } from '../../src/ui/charts/bar.js';
import { brailleChart, brailleSparkline, dotLevel, lastSamples } from '../../src/ui/charts/braille.js';

const R = { min: 0, max: 100 };
const BRAILLE_OR_BOX = /[\u2500-\u259f\u2800-\u28ff]/;

describe('braille chart', () => {
  it('maps values onto dot rows, clamping out-of-range values', () => {
    expect(dotLevel(0, R, 4)).toBe(0);
    expect(dotLevel(100, R, 4)).toBe(3);
    expect(dotLevel(250, R, 4)).toBe(3);
    expect(dotLevel(-5, R, 4)).toBe(0);
    expect(dotLevel(Number.NaN, R, 4)).toBeUndefined();
  });

  it('right-aligns the newest samples and pads the past with n/a', () => {
    expect(lastSamples([1, 2, 3], 5).slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(lastSamples([1, 2, 3], 5).slice(2)).toEqual([1, 2, 3]);
    expect(lastSamples([1, 2, 3, 4], 2)).toEqual([3, 4]);
  });

  it('draws one dot per sample at the right height', () => {
    // Two samples in one cell: left column at the bottom (dot 7), right column at the top (dot 4).
    expect(brailleChart([0, 100], 1, 1, R)).toEqual([String.fromCharCode(0x2800 + 0x40 + 0x08 + 0x10 + 0x20 + 0x80)]);
    // A flat line at the bottom of a 2-row chart: dots 7 and 8 in the lower row.
    expect(brailleChart([0, 0], 1, 2, R)).toEqual([' ', String.fromCharCode(0x2800 + 0x40 + 0x80)]);
  });

  it('joins consecutive samples with a vertical run so the line has no holes', () => {
    const [top, bottom] = brailleChart([0, 100], 1, 2, R);
    // Right column covers all 8 dot rows: 4,5,6,8 in both cells; left column only its bottom dot.
    expect(top).toBe(String.fromCharCode(0x2800 + 0x08 + 0x10 + 0x20 + 0x80));
    expect(bottom).toBe(String.fromCharCode(0x2800 + 0x40 + 0x08 + 0x10 + 0x20 + 0x80));
  });

  it('leaves n/a samples blank and breaks the line there', () => {
    const lines = brailleChart([100, Number.NaN, Number.NaN, 0], 2, 1, R);
    expect(lines[0][0]).toBe(String.fromCharCode(0x2800 + 0x01));
    expect(lines[0][1]).toBe(String.fromCharCode(0x2800 + 0x80));
    expect(brailleChart([], 3, 2, R)).toEqual(['   ', '   ']);
  });

  it('fills under the line for area charts and sparklines', () => {
    expect(brailleSparkline([100, 100], 1, R)).toBe(String.fromCharCode(0x28ff));
    expect(brailleSparkline([50], 2, R)).toHaveLength(2);
  });

  it('returns sizes exactly as asked', () => {
    const lines = brailleChart([1, 5, 3, 9, 2], 7, 3, { min: 0, max: 10 });
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toHaveLength(7);
    expect(brailleChart([1], 0, 3, R)).toEqual([]);
  });
});

describe('ascii charts and bars', () => {
  it('sparkline uses the ramp, blank for n/a', () => {
    expect(asciiSparkline([0, 100, Number.NaN, 50], 4, R)).toBe(` @ ${ASCII_RAMP[5]}`);
  });

  it('area chart fills columns from the bottom with no Unicode', () => {
    const lines = asciiChart([100, 0, 50], 3, 2, R);
    expect(lines).toEqual(['#  ', '# #']);
    expect(lines.join('')).not.toMatch(BRAILLE_OR_BOX);
  });

  it('meter bars: eighth blocks, ascii pipes, blank when n/a', () => {
    expect(meterBar(50, 4, false)).toBe('██  ');
    expect(meterBar(100, 4, false)).toBe('████');
    expect(meterBar(1 / 0.32, 4, false)).toBe('▏   ');
    expect(meterBar(50, 4, true)).toBe('||  ');
    expect(meterBar(undefined, 4, true)).toBe('    ');
    expect(meterBar(150, 3, true)).toBe('|||');
  });
});
