/** A fixed-size ring of numbers for chart history; NaN marks a tick where the value was n/a. */
export class Ring {
  private readonly data: Float64Array;
  private start = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    this.data = new Float64Array(capacity);
  }

  push(value: number | undefined): void {
    const v = value === undefined || !Number.isFinite(value) ? Number.NaN : value;
    if (this.length < this.capacity) {
      this.data[(this.start + this.length) % this.capacity] = v;
      this.length += 1;
    } else {
      this.data[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.length;
  }

  /** Oldest first. */
  values(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.data[(this.start + i) % this.capacity];
    return out;
  }

  /** The newest value, or undefined when empty or n/a. */
  latest(): number | undefined {
    if (this.length === 0) return undefined;
    const v = this.data[(this.start + this.length - 1) % this.capacity];
    return Number.isNaN(v) ? undefined : v;
  }
}
