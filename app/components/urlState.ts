/**
 * The share link: `#seed=N&scenario=NAME` (query parameters work too). Read once at
 * start; the seed is written back whenever it changes. Broken values fall back to
 * the defaults with a sentence the page shows, so a bad link never breaks the page.
 */
import { builtinScenario, DEFAULT_SCENARIO_NAME, ONE_REGION, type Scenario } from '../scenarios';

export const SEED_MAX = 4294967295;

export interface UrlState {
  scenario: Scenario;
  seed: number;
  /** Sentences describing values that were ignored. */
  problems: string[];
}

/** Parses a user-typed seed: a whole number from 0 to SEED_MAX, or null. */
export function parseSeed(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const seed = Number(trimmed);
  return seed <= SEED_MAX ? seed : null;
}

/** Parameters from the hash, falling back to the query string. */
function urlParams(url: URL): URLSearchParams {
  const merged = new URLSearchParams(url.search);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  for (const [key, value] of hash) merged.set(key, value);
  return merged;
}

/** Reads scenario and seed from a page address. */
export function readUrlState(href: string): UrlState {
  const params = urlParams(new URL(href));
  const problems: string[] = [];
  let scenario = builtinScenario(DEFAULT_SCENARIO_NAME) ?? ONE_REGION;
  const name = params.get('scenario');
  if (name !== null) {
    const found = builtinScenario(name);
    if (found) scenario = found;
    else
      problems.push(
        `The link asks for scenario "${name}", which does not exist; showing "${scenario.title}" instead.`,
      );
  }
  let seed = scenario.seed;
  const seedText = params.get('seed');
  if (seedText !== null) {
    const parsed = parseSeed(seedText);
    if (parsed === null) {
      problems.push(
        `The link's seed "${seedText}" is not a whole number from 0 to ${SEED_MAX}; using seed ${seed} instead.`,
      );
    } else {
      seed = parsed;
    }
  }
  return { scenario, seed, problems };
}

/**
 * The address with the run's seed and scenario in its hash. Other hash parameters are
 * kept; `seed` and `scenario` query parameters are dropped so one source stays true.
 */
export function urlWithState(href: string, state: { seed: number; scenarioName: string }): string {
  const url = new URL(href);
  const search = new URLSearchParams(url.search);
  search.delete('seed');
  search.delete('scenario');
  url.search = search.toString();
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  hash.set('seed', String(state.seed));
  hash.set('scenario', state.scenarioName);
  url.hash = hash.toString();
  return url.toString();
}
