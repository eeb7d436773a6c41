/**
 * The replicated database tier: `import ... from './database'` lands here. Modules inside
 * this folder import each other directly, never this barrel. The running model
 * (`createDatabase`) is imported from `./database/database` by the engine only, so the
 * page's first load carries just the types, options and checks.
 */
export type {
  ConflictMode,
  DatabaseOptions,
  FailoverMode,
  ReadTarget,
  ReplicationMode,
} from './options';
export { DATABASE_DEFAULTS, validateDatabaseOptions } from './options';
export type * from './types';
