/** The engine's public surface: everything outside app/sim imports from here. */
export * from './availability';
export * from './commands';
export * from './histogram';
export * from './random';
export * from './series';
export * from './settings';
export * from './simulation';
export * from './snapshot';
export * from './log';
export * from './time';
export * from './topology';
export * from './burnRateAlerts';
export * from './slo';
export * from './timeAvailability';
export * from './database';
