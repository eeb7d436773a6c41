/**
 * Keeping a value's identity across reports. A report from the session's Web Worker
 * arrives as a structured copy, so its components, links, settings and actions are new
 * objects every time even when nothing in them changed; React components and memos
 * that read them would then redo their work four times a second (the diagram laid
 * itself out again and resized its canvas on every report). The store keeps the value
 * it holds when the report's equals it field by field.
 */

/**
 * Whether two values of report data (plain objects, arrays and primitives, as a
 * structured copy gives them) are equal field by field. NaN equals NaN; objects with
 * other prototypes (Map, Date...) are equal only when they are the same object.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of keys) {
    if (!Object.hasOwn(right, key) || !sameData(left[key], right[key])) return false;
  }
  return true;
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `held` when `next` is the same data (so readers see no change), else `next`. */
export function keepIfSame<T>(held: T, next: T): T {
  return sameData(held, next) ? held : next;
}
