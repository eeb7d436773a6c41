/**
 * The running engine: imported by the code that runs it (the session in its Web Worker,
 * the headless lesson player, the CLI and tests), never by the page's first load, which
 * needs only the model in `app/sim/index.ts`.
 */
export { createSimulation } from './simulation';
