/**
 * A session report for store tests: the engine at `nowUs` with one server (`app-b1`),
 * no traffic on the wire, and what a test needs to vary (new log lines, timed-out
 * requests, the engine's settings). Only the fields the store reads are filled in.
 */
import type { LogEntry, Metrics, Settings, Snapshot } from '../sim';
import type { RunReport } from './sessionProtocol';
import { initialState } from './store';

export function testReport(
  nowUs: number,
  {
    newLog = [],
    timeouts = 0,
    settings = initialState().run.settings,
  }: { newLog?: LogEntry[]; timeouts?: number; settings?: Settings } = {},
): RunReport {
  return {
    snapshot: {
      nowUs,
      targets: [],
      links: [],
      components: [],
      messages: [],
    } as unknown as Snapshot,
    metrics: {
      nowUs,
      requests: { failedBy: { refused: 0, timeout: timeouts } },
      userGroups: [{ id: 'users', timedOut: timeouts }],
      series: [],
    } as unknown as Metrics,
    newLog,
    appliedCommands: [],
    settings,
    actions: {},
    components: [{ id: 'app-b1', kind: 'server', label: 'app-b1', region: 'eu', zone: 'eu-b' }],
    links: [],
  };
}
