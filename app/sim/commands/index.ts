/** Commands: their records, their one registry, and the pure check every surface asks. */
export * from './types';
export * from './registry';
export * from './validate';
