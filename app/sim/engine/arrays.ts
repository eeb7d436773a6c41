/**
 * Empty arrays that start in the element kind they will end in, as V8 sees it.
 *
 * A fresh `[]` holds small integers until its first push of an object (or of a number
 * past 2^30, which simulated microseconds pass after ~18 simulated minutes); that push
 * changes the array's hidden class. Code optimised during an earlier run in the same
 * process (the benchmark's runs, a test file's runs, a browser session's restarts) is
 * specialised to the final kind, so the first push of every new simulation threw it
 * away and had it compiled again. Starting in the final kind avoids that churn. The
 * arrays behave exactly like `[]` in every other way.
 */

/** An empty array for objects (and other non-numbers such as booleans). */
export function objectArray<T>(): T[] {
  const array: unknown[] = [undefined];
  array.length = 0;
  return array as T[];
}

/** An empty array for numbers that may leave the small-integer range (times in us). */
export function numberArray(): number[] {
  const array = [0.5];
  array.length = 0;
  return array;
}
