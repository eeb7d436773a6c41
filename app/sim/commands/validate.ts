/**
 * Checks a command against this run (its targets, ranges and the settings in force) without applying it.
 */
import { type World } from '../engine/world';
import { actionSpec, type Command } from '../commands';
import { type DatabaseAction } from '../database';
import { validateDatabaseOptions } from '../databaseOptions';
import { validateSetting, withSetting } from '../settings';

import type { DatabaseTier } from '../requests/databaseTier';
import type { Targets } from './targets';

/** What createValidation needs from the engine's other parts. */
export type ValidationDeps = Pick<
  DatabaseTier,
  'database' | 'databaseNodes' | 'databaseOptionsOf'
> &
  Pick<Targets, 'targetKind'>;

export function createValidation(w: World, deps: ValidationDeps) {
  const { servers } = w;
  const { database, databaseNodes, databaseOptionsOf, targetKind } = deps;

  const numberIn = (value: unknown, min: number, max: number, what: string): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `${what} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`;

  /**
   * Whether setting `path` to `value` is allowed now: the value in its range, and the
   * whole configuration it leads to from the settings in force at this moment (a
   * scheduled `set` is checked again when it runs, after the commands before it).
   */
  const setProblem = (path: string, value: unknown): string | null => {
    const error = validateSetting(path, value).error;
    if (error || !path.startsWith('database.')) return error;
    if (path === 'database.conflictMode') {
      return 'database.conflictMode is fixed for a run: choose it in the scenario (or with --set before the run)';
    }
    const next = withSetting(w.settings, path, validateSetting(path, value).value!);
    return database
      ? validateDatabaseOptions(databaseOptionsOf(next.database), databaseNodes.size)
      : null;
  };

  const validate = (command: Command): string | null => {
    if (command === null || typeof command !== 'object') return 'a command must be a record';
    if (command.type === 'set') return setProblem(command.path, command.value);
    if (command.type === 'rate') return numberIn(command.perS, 1, 5000, 'the arrival rate (req/s)');
    if (command.type === 'weight') {
      if (!servers.has(command.target)) return `unknown server "${command.target}"`;
      return numberIn(command.weight, 0, 100, 'the weight');
    }
    const spec = actionSpec(command.type);
    if (!spec) return `unknown command type "${(command as { type: unknown }).type}"`;
    const target = (command as { target?: unknown }).target;
    if (typeof target !== 'string') return `${command.type} needs a target`;
    if (database && databaseNodes.has(target)) {
      if (!(spec.kinds as readonly string[]).includes('database')) {
        return `cannot ${command.type} database ${target} (${command.type} applies to a ${spec.kinds.join(' or ')})`;
      }
      return database.validate({ type: command.type as DatabaseAction, target });
    }
    const kind = targetKind(target);
    if (kind === null) {
      return target.includes('->') ? `unknown link "${target}"` : `unknown target "${target}"`;
    }
    if (!(spec.kinds as readonly string[]).includes(kind)) {
      const where = spec.kinds.join(' or ');
      return `cannot ${command.type} ${kind} ${target} (${command.type} applies to a ${where})`;
    }
    switch (command.type) {
      case 'slow':
        return numberIn(command.factor, 1, 1000, 'the slowdown factor');
      case 'flap':
        return numberIn(command.periodS, 0.1, 3600, 'the flapping period (s)');
      case 'latency':
        return numberIn(command.addedMs, 0, 60000, 'the added latency (ms)');
      case 'loss':
        return numberIn(command.percent, 0, 100, 'the loss percentage');
      case 'errors':
        return numberIn(command.percent, 0, 100, 'the error percentage');
      default:
        return null;
    }
  };

  return { setProblem, validate };
}

export type Validation = ReturnType<typeof createValidation>;
