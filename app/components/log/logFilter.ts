/**
 * Linking the event log and the diagram: which log lines are about a component, and
 * which component a log line is about.
 */
import type { LogEntry } from '../../sim';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `id` as a whole id in text, not part of a longer id or path: `app-b1` is not in
 * `app-b10`, `slo` is not in `slo.target`; a full stop ending a sentence is fine.
 */
function mentions(text: string, id: string): boolean {
  return new RegExp(`(?<![\\w.-])${escapeRegExp(id)}(?![\\w-]|\\.\\w)`).test(text);
}

/**
 * Whether a log line is about component `id`: its target is the id, a link to or from
 * it (`lb-1->app-b1`), or its sentence names it ("lb-1 marked app-b1 unhealthy").
 */
export function logMentions(entry: LogEntry, id: string): boolean {
  if (entry.target === id) return true;
  if (entry.target.split('->').includes(id)) return true;
  return mentions(entry.message, id);
}

/** The component or link a log line selects, or null when its target is neither. */
export function logSelectionTarget(entry: LogEntry, partIds: ReadonlySet<string>): string | null {
  return partIds.has(entry.target) ? entry.target : null;
}

/** Whole-run request counts (`Metrics.requests`), for what an empty log says. */
export interface RequestCounts {
  succeeded: number;
  degraded: number;
  failed: number;
}

/**
 * What the log says while it has no line to show. With a filter: that nothing is about
 * the part yet. Without: nothing has happened, an invitation to break something, but
 * only while no request has failed: overload fails requests with no fault or alert to log
 * (an alert needs its window of errors first), and "Nothing has happened yet" beside
 * thousands of timeouts teaches that nothing is wrong.
 */
export function emptyLogText(filterId: string | null, requests: RequestCounts | undefined): string {
  if (filterId !== null) return `No line about ${filterId} yet.`;
  if (requests && requests.failed > 0) {
    const finished = requests.succeeded + requests.degraded + requests.failed;
    const count = (n: number) => n.toLocaleString('en-US');
    return `No fault or alert is logged yet, but ${count(requests.failed)} of ${count(finished)} finished requests have failed: see Availability.`;
  }
  return 'Nothing has happened yet. Click a server (or Tab to it and press Enter) and kill it.';
}
