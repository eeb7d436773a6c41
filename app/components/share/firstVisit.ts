/**
 * What a newcomer sees first (issue 14): the bare address on a first visit opens the
 * lessons' simplest cluster (one region, three zones) instead of the busiest design;
 * the richer scenarios are one choice away in the Scenario picker. Any link that says
 * anything (a scenario, a lesson, a challenge, a seed...) opens as it says.
 */
import { hashParam, withHashParam } from './hashParams';

/** The scenario of the first lesson ("Start here"), where a first visit begins. */
export const FIRST_VISIT_SCENARIO = 'one-region';

/**
 * The lesson "Start here" opens: the first of the course, on `FIRST_VISIT_SCENARIO`. Its id
 * is written here, not read from the lessons, so the first load does not carry them.
 */
export const START_HERE_LESSON = 'health-checks';

/** The address to read on load: the bare page, on a first visit, names the simplest cluster. */
export function firstVisitHref(href: string, firstVisit: boolean): string {
  const url = new URL(href);
  const bare = url.hash.replace(/^#/, '') === '' && url.search.replace(/^\?/, '') === '';
  return firstVisit && bare ? withHashParam(href, 'scenario', FIRST_VISIT_SCENARIO) : href;
}

/**
 * Whether "Start here" is offered: on a first visit to a link that names no scenario,
 * lesson or challenge. A link to a scenario was sent to show that scenario; the card took
 * about 140 px of a laptop's side column on every one of them (issue 14 review).
 */
export function startHereOffered(href: string, firstVisit: boolean): boolean {
  return (
    firstVisit &&
    hashParam(href, 'scenario') === null &&
    hashParam(href, 'lesson') === null &&
    hashParam(href, 'challenge') === null
  );
}
