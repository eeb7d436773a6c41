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
 * A small fast generator (sfc32: 128-bit state, passes PractRand) seeded from
 * `seed` and an optional stream name.
 */
export function createRandom(seed: number, streamName = ''): Random {
  let a = mix32(seed >>> 0);
  let b = mix32(a ^ hashName(streamName));
  let c = mix32(b ^ 0x6a09e667);
  let d = mix32(c ^ (seed >>> 0));
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32 needs a few rounds to mix weak seeds.
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    exponential: (mean) => -mean * Math.log(1 - next()),
    chance: (p) => p > 0 && next() < p,
  };
}

/** Normalises any user-entered seed to an unsigned 32-bit integer. */
export function normaliseSeed(seed: number): number {
  return Number.isFinite(seed) ? Math.abs(Math.trunc(seed)) % 4294967296 : 1;
}
