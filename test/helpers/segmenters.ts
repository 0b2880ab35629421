/**
 * Counts the Intl.Segmenter instances made while the count is open: the first one in a process
 * loads ICU, which the screen's first frame is meant not to need (src/util/lazySegmenter.ts).
 */
const RealSegmenter = Intl.Segmenter;

/** Starts counting; `close` puts the real constructor back. */
export function countSegmenters(): { readonly made: number; close(): void } {
  const count = { made: 0 };
  class CountedSegmenter extends RealSegmenter {
    constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
      super(...args);
      count.made += 1;
    }
  }
  Object.defineProperty(Intl, 'Segmenter', { value: CountedSegmenter, configurable: true, writable: true });
  return {
    get made() {
      return count.made;
    },
    close() {
      Object.defineProperty(Intl, 'Segmenter', { value: RealSegmenter, configurable: true, writable: true });
    },
  };
}

/** The constructor there was before any count. */
export { RealSegmenter };
