/**
 * How a setting's values are written, the same in the panels and the CLI's `--list`:
 * `5000 ms`, `50%`, `AWS ALB 30000 ms (5000 to 300000 ms)`.
 */
import type { RealWorldDefault, SettingSpec } from './spec';

/**
 * A value with its unit: `100 ms`; `50 %` is written `50%`; a count of one takes the
 * singular of a unit that is a plural word (`1 attempt`, `1 copy`, but `1 ms`, `1 req/s`).
 */
export function withUnit(value: number | string, unit?: string): string {
  if (!unit) return String(value);
  if (unit === '%') return `${value}%`;
  return `${value} ${Number(value) === 1 ? singular(unit) : unit}`;
}

/** `attempts` -> `attempt`, `copies` -> `copy`; symbols (`ms`, `s`, `req/s`, `x`) as they are. */
function singular(unit: string): string {
  if (!/^[a-z]{3,}s$/.test(unit)) return unit;
  return unit.endsWith('ies') ? `${unit.slice(0, -3)}y` : unit.slice(0, -1);
}

/**
 * A real system's value in the setting's unit, its note in brackets: `AWS ALB 30000 ms
 * (5000 to 300000 ms)`, `Envoy round-robin`; with no value to compare, the note says
 * what it does instead: `Envoy: per_try_timeout unset; ...`.
 */
export function realWorldText(spec: SettingSpec, entry: RealWorldDefault): string {
  if (entry.value === null) return `${entry.system}: ${entry.note ?? 'no default'}`;
  const value = withUnit(entry.value, spec.kind === 'number' ? spec.unit : undefined);
  return `${entry.system} ${value}${entry.note ? ` (${entry.note})` : ''}`;
}
