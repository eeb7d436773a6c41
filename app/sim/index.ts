/**
 * The engine's model: types, settings, commands, topology and the pure helpers over
 * them. Everything outside app/sim imports from here, except the running engine itself
 * (`createSimulation`), which lives behind `app/sim/runtime.ts`: the page's main thread
 * never runs it (the session does, in a Web Worker), so it stays out of the first load.
 */
export * from './availability';
export * from './commands';
export * from './histogram';
export * from './random';
export * from './series';
export * from './settings';
export * from './simulationTypes';
export { FAILURE_REASONS } from './series';
export * from './snapshot';
export * from './log';
export * from './time';
export * from './topology';
export * from './burnRateAlerts';
export * from './slo';
export * from './timeAvailability';
export * from './database';
