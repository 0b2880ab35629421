/**
 * An Intl.Segmenter made when it first segments. The first segmenter a process makes loads ICU's
 * break rules and locale data: 12-19 ms, and 2.5 MB more resident in a bare process (bench/README.md,
 * "No ICU before the first frame"), which a screen of one-column text (oneColumn.ts) never needs.
 * Ink's text helpers (wrap-ansi, slice-ansi, @alcalzone/ansi-tokenize) each make one when their
 * module loads; the bundle gives them this instead (scripts/bundle/lazy-segmenter.mjs).
 */
export class LazySegmenter {
  private readonly locales: Intl.LocalesArgument;
  private readonly options: Intl.SegmenterOptions | undefined;
  private made: Intl.Segmenter | undefined;

  constructor(locales?: Intl.LocalesArgument, options?: Intl.SegmenterOptions) {
    this.locales = locales;
    this.options = options;
  }

  segment(input: string): Intl.Segments {
    this.made ??= new Intl.Segmenter(this.locales, this.options);
    return this.made.segment(input);
  }
}
