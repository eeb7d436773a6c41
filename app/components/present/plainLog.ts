/**
 * Present's "Just happened" in plain words (issue 14: it showed raw alert lines, "ALERT
 * slow-burn-ticket (ticket): error budget burning at …"). An alert line says what the
 * rule means (REFERENCE.md section 7, SRE Workbook multiwindow burn-rate alerts): a rule
 * fires while the errors over both its windows spend the 30-day error budget faster than
 * its burn rate, and a page wakes someone now while a ticket waits for working hours.
 * Every other line is already a sentence and is shown as it is.
 */
import { DEFAULT_ALERT_RULES, type AlertRule, type LogEntry } from '../../sim';

/** "more than 14.4x as fast as it allows", or "faster than it allows" at 1x. */
function burnWords(rule: AlertRule): string {
  return rule.burnRate === 1
    ? 'faster than it allows'
    : `more than ${rule.burnRate}x as fast as it allows`;
}

/** Who hears of it: a page wakes the on-call, a ticket waits for working hours. */
const WHO: Record<AlertRule['severity'], { fired: string; name: string }> = {
  page: { fired: 'the on-call is woken now', name: 'Page' },
  ticket: { fired: 'it waits for working hours', name: 'Ticket' },
};

/** The line's words for the room: alerts in plain words, the rest as logged. */
export function plainLogLine(
  entry: Pick<LogEntry, 'type' | 'target' | 'message'>,
  rules: readonly AlertRule[] = DEFAULT_ALERT_RULES,
): string {
  if (entry.type !== 'alert-fired' && entry.type !== 'alert-resolved') return entry.message;
  const rule = rules.find((r) => r.name === entry.target);
  if (!rule) return entry.message;
  const who = WHO[rule.severity];
  if (entry.type === 'alert-fired') {
    return `${who.name}: errors use the 30-day error budget ${burnWords(rule)}; ${who.fired}.`;
  }
  return `${who.name} over: errors have slowed to under ${rule.burnRate}x the rate the 30-day error budget allows.`;
}
