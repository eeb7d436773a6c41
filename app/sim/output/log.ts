/** The event log's records: what happened, when, to which part, in a human sentence. */
import type { SimTimeUs } from '../engine/time';

export type LogCategory = 'fault' | 'recovery' | 'detection' | 'info';

/** One line of the event log. */
export interface LogEntry {
  /** Position in the run's log, counting dropped entries. */
  index: number;
  atUs: SimTimeUs;
  /** Machine-readable kind, e.g. `kill`, `marked-unhealthy`. */
  type: string;
  /** Component id (or setting path) the line is about. */
  target: string;
  category: LogCategory;
  /** A human sentence, e.g. "lb-1 marked app-b1 unhealthy after 2 failed checks". */
  message: string;
}
