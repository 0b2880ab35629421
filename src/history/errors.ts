/**
 * The one error a history database raises for a person to act on: it names the file and says what
 * to do. The CLI prints the message and exits 2; nothing is overwritten.
 */
export class HistoryError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}
