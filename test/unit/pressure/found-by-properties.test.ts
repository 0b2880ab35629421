/** A case of the class test/property found in every counter parser, kept as a plain case here. */
import { expect, it } from 'vitest';
import { parsePressure } from '../../../src/collectors/pressure/parse.js';

it('leaves a PSI line whose total would read as Infinity undefined', () => {
  const text = `some avg10=0.00 avg60=0.00 avg300=0.00 total=${'9'.repeat(400)}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=12\n`;
  expect(parsePressure(text)).toEqual({ full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 12 } });
});
