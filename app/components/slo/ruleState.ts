/**
 * A multiwindow burn-rate rule's state in words, with the reason when it is quiet while
 * one of its windows is over the threshold: "62.8× ▲" beside a bare "quiet" read as a
 * broken alert (review item 22). The SRE Workbook's rule pages only while both windows
 * burn too fast: the long window keeps a blip from paging, the short one ends the page
 * soon after the errors stop.
 */
import { formatBurnRate } from '../app/format';

export interface RuleBurn {
  burnRateThreshold: number;
  longBurnRate: number;
  shortBurnRate: number;
  firing: boolean;
}

/** Why a rule fires or stays quiet, in words; '' when both windows agree with its state. */
export function ruleStateReason(rule: RuleBurn): string {
  const threshold = formatBurnRate(rule.burnRateThreshold);
  if (rule.firing) return `both windows over ${threshold}`;
  const longOver = rule.longBurnRate > rule.burnRateThreshold;
  const shortOver = rule.shortBurnRate > rule.burnRateThreshold;
  if (shortOver && !longOver) {
    return `only the short window is over ${threshold}; the long one must be too, so a blip does not page`;
  }
  if (longOver && !shortOver)
    return `the short window is back under ${threshold}: errors have slowed`;
  return '';
}
