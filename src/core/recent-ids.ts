/**
 * The ids seen most recently, at least `capacity` of them and at most twice that: two
 * generations of a Set, the older dropped whole when the newer fills. Evicting one id at
 * a time from an insertion-ordered Set (`delete(values().next().value)`) looks O(1) but is
 * not in V8: every lookup of the first entry walks over the deleted ones before it until
 * the table is rebuilt, which made the message hot path quadratic in `capacity`.
 */
export class RecentIds {
  private readonly capacity: number;
  private current = new Set<string>();
  private previous = new Set<string>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  add(id: string): void {
    this.current.add(id);
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Set();
    }
  }
}
