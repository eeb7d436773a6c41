/**
 * One dot scale for the two compared diagrams. Each diagram samples its moving requests
 * by its own traffic ("1 dot = 2 requests" for a quiet design, "1 dot = 8" for a busy
 * one), so side by side the same density of dots would mean different traffic. Each
 * reports the sampling its own traffic needs; both draw, and their legends state, the
 * larger of the two.
 */

/** The shared sampling step (one request in 2^shift drawn) of the diagrams that joined. */
export class SharedDotScale {
  private readonly wanted = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  /** One request in 2^shift is drawn in every diagram that joined (0 before any did). */
  get shift(): number {
    let shift = 0;
    for (const wanted of this.wanted.values()) shift = Math.max(shift, wanted);
    return shift;
  }

  /** A diagram's own need; tells every listener when the shared shift changes. */
  report(diagramId: string, ownShift: number): void {
    if (this.wanted.get(diagramId) === ownShift) return;
    const before = this.shift;
    this.wanted.set(diagramId, ownShift);
    if (this.shift !== before) this.notify();
  }

  /** A diagram that is gone no longer sets the scale. */
  leave(diagramId: string): void {
    if (!this.wanted.has(diagramId)) return;
    const before = this.shift;
    this.wanted.delete(diagramId);
    if (this.shift !== before) this.notify();
  }

  /** Calls `listener` whenever the shared shift changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** The scale design A and design B share while two designs are compared. */
export const compareDotScale = new SharedDotScale();
