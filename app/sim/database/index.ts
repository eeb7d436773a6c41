/**
 * The replicated database tier: `import ... from './database'` lands here. Modules inside
 * this folder import each other directly, never this barrel.
 */
export * from './database';
export { validateDatabaseOptions } from './options';
