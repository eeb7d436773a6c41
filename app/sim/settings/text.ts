/**
 * How a setting's values are written, the same in the panels and the CLI's `--list`:
 * `5000 ms`, `50%`, `AWS ALB 30000 ms (5000 to 300000 ms)`.
 */
import type { RealWorldDefault, SettingSpec } from './spec';

/** A value with its unit: `100 ms`; `50 %` is written `50%`. */
export function withUnit(value: number | string, unit?: string): string {
  if (!unit) return String(value);
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
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
