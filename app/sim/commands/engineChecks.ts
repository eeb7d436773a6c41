/**
 * Checks a command against this run without applying it: the registry's pure check
 * (type, target, kind and range, the same one scenario files, share links and the CLI
 * ask before a run exists), then what depends on the moment (a promotion under way, a
 * node down), which is the database's to say.
 */
import { type World } from '../engine/world';
import { type Command } from './types';
import { settingChangeProblem, validateCommand } from './validate';
import { type DatabaseAction } from '../database';

import type { DatabaseTier } from '../requests/databaseTier';

/** What createValidation needs from the engine's other parts. */
export interface ValidationDeps {
  databaseTier: Pick<DatabaseTier, 'database' | 'databaseNodes'>;
}

export function createValidation(w: World, deps: ValidationDeps) {
  const { database, databaseNodes } = deps.databaseTier;

  /**
   * Whether setting `path` to `value` is allowed now: the value in its range, and the
   * whole configuration it leads to from the settings in force at this moment (a
   * scheduled `set` is checked again when it runs, after the commands before it).
   */
  const setProblem = (path: string, value: unknown): string | null =>
    settingChangeProblem(path, value, w.settings, w.topology);

  const validate = (command: Command): string | null => {
    const problem = validateCommand(command, w.topology, w.settings);
    if (problem !== null || !database) return problem;
    const target = (command as { target?: unknown }).target;
    if (typeof target !== 'string' || !databaseNodes.has(target)) return null;
    return database.validate({ type: command.type as DatabaseAction, target });
  };

  /**
   * A later command is checked against the configuration only, as a scenario file is:
   * whether a node can then be promoted is decided (and logged) when it runs.
   */
  const validateScheduled = (command: Command): string | null =>
    validateCommand(command, w.topology, w.settings);

  return { setProblem, validate, validateScheduled };
}

export type Validation = ReturnType<typeof createValidation>;
