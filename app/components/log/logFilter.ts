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
