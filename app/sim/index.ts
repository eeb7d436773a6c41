/**
 * The engine's model: types, settings, commands, topology and the pure helpers over
 * them. Everything outside app/sim imports from here, except the running engine itself
 * (`createSimulation`), which lives behind `app/sim/runtime.ts`: the page's main thread
 * never runs it (the session does, in a Web Worker), so it stays out of the first load.
 */
export * from './output/availability';
export * from './commands';
export * from './output/histogram';
export * from './engine/random';
export * from './output/series';
export { SECONDS_KEPT_S, MINUTES_KEPT_S, type SeriesTiers } from './output/seriesTiers';
export * from './settings';
export * from './simulationTypes';
export { FAILURE_REASONS } from './output/series';
export * from './output/snapshot';
export * from './output/states';
export * from './output/log';
export * from './engine/time';
export * from './topology';
export * from './mechanisms/models/burnRateAlerts';
export * from './mechanisms/models/slo';
export * from './output/timeAvailability';
export * from './database';
export type { RequestTrace, TraceSpan, TraceSpanKind, TraceOutcome } from './output/trace';
