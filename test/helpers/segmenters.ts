/**
 * Counts the Intl.Segmenter instances made while the count is open: the first one in a process
 * loads ICU, which the screen's first frame is meant not to need (src/util/lazySegmenter.ts).
 */
import { onTestFinished } from 'vitest';

const RealSegmenter = Intl.Segmenter;

/** Starts counting, within a test: the real constructor is put back when the test ends. */
export function countSegmenters(): { readonly made: number } {
  const count = { made: 0 };
  class CountedSegmenter extends RealSegmenter {
    constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
      super(...args);
      count.made += 1;
    }
  }
  Object.defineProperty(Intl, 'Segmenter', { value: CountedSegmenter, configurable: true, writable: true });
  onTestFinished(() => {
    Object.defineProperty(Intl, 'Segmenter', { value: RealSegmenter, configurable: true, writable: true });
  });
  return {
    get made() {
      return count.made;
    },
  };
}

/** The constructor there was before any count. */
export { RealSegmenter };
