/**
 * The replicated database tier: `import ... from './database'` lands here. Modules inside
 * this folder import each other directly, never this barrel.
 */
export { createDatabase } from './database';
export type {
  ConflictMode,
  DatabaseOptions,
  FailoverMode,
  ReadTarget,
  ReplicationMode,
} from './options';
export { DATABASE_DEFAULTS, PATRONI_TIMINGS, validateDatabaseOptions } from './options';
export type * from './types';
