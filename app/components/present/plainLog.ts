/**
 * Present's "Just happened" in plain words (issue 14: it showed raw alert lines, "ALERT
 * slow-burn-ticket (ticket): error budget burning at …"). An alert line says what the
 * rule means (docs/reference.md "Availability, nines and error budgets", SRE Workbook multiwindow burn-rate alerts): a rule
 * fires while the errors over both its windows spend the 30-day error budget faster than
 * its burn rate, and a page wakes someone now while a ticket waits for working hours.
 * Every other line is already a sentence and is shown as it is.
 */
import { DEFAULT_ALERT_RULES, type AlertRule, type LogEntry } from '../../sim';

/** The budget's period in hours (the rules' burn rates are against a 30-day budget). */
const BUDGET_PERIOD_H = 30 * 24;

/**
 * How long the 30-day budget lasts at the rule's burn rate: a rule that fires above 14.4x
 * says the budget would be gone within 50 h (SRE Workbook: 2% of it in one hour). Hours
 * under three days, days above.
 */
function budgetLasts(rule: AlertRule): string {
  const hours = BUDGET_PERIOD_H / rule.burnRate;
  if (hours < 72) return `${Math.round(hours)} h`;
  const days = Math.round((10 * hours) / 24) / 10;
  return `${days} days`;
}

/** Who hears of it: a page wakes the on-call now, a ticket waits for working hours. */
const WHO: Record<AlertRule['severity'], { fired: string; name: string }> = {
  page: { fired: 'On-call paged', name: 'Page' },
  ticket: { fired: 'Ticket for working hours', name: 'Ticket' },
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
    return `${who.fired}: at this rate the 30-day error budget runs out within ${budgetLasts(rule)}.`;
  }
  return `${who.name} over: errors slowed; the 30-day error budget would last longer than ${budgetLasts(rule)}.`;
}
