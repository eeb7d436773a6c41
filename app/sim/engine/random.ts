/**
 * Seeded pseudo-random numbers. The engine never uses the platform generator: every draw comes
 * from a generator derived from the run's seed, so a run replays bit for bit.
 *
 * Each concern (arrivals, service times, routing...) gets its own stream forked from
 * the seed by name. A fault that adds health-check traffic therefore does not shift
 * the arrival sequence, and two designs compared side by side see the same users.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** splitmix32 step: turns any 32-bit value into a well-mixed one (used for seeding). */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** 32-bit FNV-1a hash of a stream name, so named streams get distinct seeds. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * sfc32 (128-bit state, passes PractRand). A class, not closures: every stream shares
 * one prototype, so a call such as `random.next()` has one target wherever it runs
 * (closures made per stream and per run gave each call site many targets, which V8
 * would not inline, and a call it does not inline returns its number boxed on the heap:
 * about four allocations a request).
 */
class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, streamName: string) {
    // Kept as signed 32-bit integers (`| 0`: the same bits), which V8 stores in place;
    // every step below works modulo 2^32, so the outputs are those of the unsigned state.
    this.a = mix32(seed >>> 0) | 0;
    this.b = mix32(this.a ^ hashName(streamName)) | 0;
    this.c = mix32(this.b ^ 0x6a09e667) | 0;
    this.d = mix32(this.c ^ (seed >>> 0)) | 0;
    // Discard the first outputs: sfc32 needs a few rounds to mix weak seeds.
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }
}

/** A small fast generator (sfc32) seeded from `seed` and an optional stream name. */
export function createRandom(seed: number, streamName = ''): Random {
  return new Sfc32(seed, streamName);
}

/** Normalises any user-entered seed to an unsigned 32-bit integer. */
export function normaliseSeed(seed: number): number {
  return Number.isFinite(seed) ? Math.abs(Math.trunc(seed)) % 4294967296 : 1;
}
