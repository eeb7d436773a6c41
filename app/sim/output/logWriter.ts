/**
 * The event log: entries with the time they happened, the oldest dropped past a bound.
 */
import { type World } from '../engine/world';
import type { LogCategory } from './log';

export function createLogWriter(w: World) {
  const { maxLogEntries, logEntries } = w;

  const log = (type: string, target: string, category: LogCategory, message: string): void => {
    logEntries.push({
      index: w.logDropped + logEntries.length,
      atUs: w.nowUs,
      type,
      target,
      category,
      message,
    });
    if (logEntries.length > maxLogEntries) {
      logEntries.shift();
      w.logDropped++;
    }
  };

  return { log };
}

export type LogWriter = ReturnType<typeof createLogWriter>;
