import { describe, expect, it } from 'vitest';
import { ACTIVE_PASSIVE, SCRIPT_ENTRIES_MAX, TWO_REGIONS, type FaultEntry } from '../../scenarios';
import { parseSeed, readUrlState, shareParams, urlWithState, type ShareState } from './urlState';

const BASE = 'https://x.test/nines/';

/** Writes a run into an address and reads it back. */
const roundTrip = (state: ShareState) => readUrlState(urlWithState(BASE, state));

const FAULTS: FaultEntry[] = [
  { atS: 12.345, command: { type: 'kill', target: 'app-eu-a1' } },
  { atS: 20, command: { type: 'slow', target: 'app-eu-b1', factor: 10 } },
  { atS: 25, command: { type: 'flap', target: 'app-eu-c1', periodS: 20 } },
  { atS: 30, command: { type: 'cut', target: 'lb-eu->app-eu-a2', oneWay: true } },
  { atS: 31, command: { type: 'latency', target: 'lb-eu->app-eu-b2', addedMs: 200 } },
  { atS: 32, command: { type: 'loss', target: 'lb-eu->app-eu-c2', percent: 20.5 } },
  { atS: 40, command: { type: 'rate', perS: 500 } },
  { atS: 45, command: { type: 'set', path: 'regions.mode', value: 'active-active' } },
  { atS: 46, command: { type: 'set', path: 'healthCheck.intervalMs', value: 2000 } },
  { atS: 60, command: { type: 'kill-region', target: 'eu' } },
  { atS: 90, command: { type: 'restore', target: 'eu' } },
];

describe('share link round trips', () => {
  it('carries scenario, seed, start settings and every kind of fault exactly', () => {
    const state: ShareState = {
      scenarioName: 'active-passive',
      seed: 4294967295,
      startSettings: [
        { path: 'healthCheck.intervalMs', value: 10000 },
        { path: 'balancer.algorithm', value: 'least-outstanding' },
      ],
      faults: FAULTS,
    };
    const read = roundTrip(state);
    expect(read.problems).toEqual([]);
    expect(read.scenario).toBe(ACTIVE_PASSIVE);
    expect(read.seed).toBe(4294967295);
    expect(read.startSettings).toEqual(state.startSettings);
    expect(read.faults).toEqual(FAULTS);
  });

  it('leaves the script out when it is the scenario’s own, and keeps an empty one', () => {
    const own = roundTrip({ scenarioName: 'active-passive', seed: 3 });
    expect(own.faults).toBeNull();
    const none = roundTrip({ scenarioName: 'active-passive', seed: 3, faults: [] });
    expect(none.faults).toEqual([]);
    expect(none.problems).toEqual([]);
  });

  it('stays readable: the CLI’s fault forms, with only what must be escaped', () => {
    expect(
      shareParams({
        scenarioName: 'one-region',
        seed: 1,
        startSettings: [{ path: 'client.timeoutMs', value: 1000 }],
        faults: [
          { atS: 30, command: { type: 'kill', target: 'app-b1' } },
          { atS: 31, command: { type: 'latency', target: 'lb-1->app-a1', addedMs: 200 } },
          { atS: 32, command: { type: 'loss', target: 'lb-1->app-a2', percent: 20 } },
        ],
      }),
    ).toBe(
      'scenario=one-region&seed=1&settings=client.timeoutMs=1000' +
        '&faults=30:kill:app-b1,31:latency:lb-1->app-a1:%2B200ms,32:loss:lb-1->app-a2:20%25',
    );
  });

  it("carries design B's changes when two designs are compared, and checks them", () => {
    const link = urlWithState('https://x.test/#present', {
      scenarioName: 'active-passive',
      seed: 4,
      compare: [
        { path: 'regions.mode', value: 'active-active' },
        { path: 'trafficManager.dnsTtlS', value: 10 },
      ],
    });
    expect(link).toBe(
      'https://x.test/#scenario=active-passive&seed=4' +
        '&compare=regions.mode=active-active,trafficManager.dnsTtlS=10&present',
    );
    expect(readUrlState(link).compare).toEqual([
      { path: 'regions.mode', value: 'active-active' },
      { path: 'trafficManager.dnsTtlS', value: 10 },
    ]);
    expect(readUrlState('https://x.test/#seed=4').compare).toBeNull();
    const broken = readUrlState('https://x.test/#compare=regions.mode=sideways,nope=1');
    expect(broken.compare).toBeNull();
    expect(broken.problems[0]).toContain('compare change "regions.mode=sideways"');
    expect(broken.problems[0]).toContain('compare change "nope=1" (unknown setting "nope")');
  });

  it('keeps the path, the query and other hash parameters', () => {
    expect(
      urlWithState('https://x.test/nines/?lang=en&seed=3#panel=charts&seed=2', {
        seed: 9,
        scenarioName: 'one-region',
      }),
    ).toBe('https://x.test/nines/?lang=en#scenario=one-region&seed=9&panel=charts');
  });
});

describe('readUrlState', () => {
  it('reads the hash, or the query string; the hash wins', () => {
    const fromHash = readUrlState('https://x.test/nines/#seed=42&scenario=one-region');
    expect(fromHash).toMatchObject({ seed: 42, problems: [], faults: null, startSettings: [] });
    expect(fromHash.scenario.name).toBe('one-region');
    expect(readUrlState('https://x.test/?seed=7').seed).toBe(7);
    expect(readUrlState('https://x.test/?seed=7#seed=8').seed).toBe(8);
  });

  it('uses the default scenario at its own seed when the link has nothing', () => {
    expect(readUrlState('https://x.test/')).toMatchObject({
      scenario: TWO_REGIONS,
      seed: TWO_REGIONS.seed,
      problems: [],
    });
  });

  it('names every broken part in one sentence and loads the rest', () => {
    const state = readUrlState(
      'https://x.test/#scenario=nope&seed=abc' +
        '&settings=healthCheck.intervalMs=10000,nope.x=1,client.timeoutMs=-5' +
        '&faults=30:kill:app-eu-b1,30:kill:app-z9,abc:kill:app-eu-a1,40:loss:lb-eu->app-eu-a1:150%25,50:zap:app-eu-a1,60:restore:app-eu-b1',
    );
    // An unknown scenario falls back to the default, and the faults are checked against it.
    expect(state.scenario).toBe(TWO_REGIONS);
    expect(state.seed).toBe(TWO_REGIONS.seed);
    expect(state.startSettings).toEqual([{ path: 'healthCheck.intervalMs', value: 10000 }]);
    expect(state.faults).toEqual([
      { atS: 30, command: { type: 'kill', target: 'app-eu-b1' } },
      { atS: 60, command: { type: 'restore', target: 'app-eu-b1' } },
    ]);
    expect(state.problems).toHaveLength(1);
    const [sentence] = state.problems;
    for (const part of [
      'scenario "nope"',
      'seed "abc"',
      'setting "nope.x=1"',
      'setting "client.timeoutMs=-5"',
      'fault "30:kill:app-z9" (unknown target "app-z9")',
      'fault "abc:kill:app-eu-a1"',
      'fault "40:loss:lb-eu->app-eu-a1:150%"',
      'fault "50:zap:app-eu-a1"',
    ]) {
      expect(sentence).toContain(part);
    }
    expect(sentence).toMatch(/The rest of the run was loaded\.$/);
  });

  it('checks fault targets against the scenario the link names', () => {
    const state = readUrlState('https://x.test/#scenario=active-passive&faults=5:kill:app-b1');
    expect(state.faults).toEqual([]);
    expect(state.problems[0]).toContain('unknown target "app-b1"');
  });

  it('leaves out a setting that breaks a rule between database settings, naming its range', () => {
    const state = readUrlState(
      'https://x.test/#scenario=database&settings=healthCheck.intervalMs=10000,database.quorumW=5',
    );
    expect(state.scenario.name).toBe('database');
    expect(state.startSettings).toEqual([{ path: 'healthCheck.intervalMs', value: 10000 }]);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]).toContain(
      'setting "database.quorumW=5" (quorum W (database.quorumW) must be a whole number from 1 to database.quorumN (3) (got 5))',
    );
    // Taken in order: N = 2 after W = 3 is the one that breaks the rule.
    const ordered = readUrlState(
      'https://x.test/#scenario=database&settings=database.quorumW=3,database.quorumN=2',
    );
    expect(ordered.startSettings).toEqual([{ path: 'database.quorumW', value: 3 }]);
    expect(ordered.problems[0]).toContain('setting "database.quorumN=2"');
  });

  it("checks design B's changes on top of the run's settings", () => {
    const state = readUrlState(
      'https://x.test/#scenario=database&settings=database.quorumN=2&compare=database.quorumW=3,database.readsFrom=replicas',
    );
    expect(state.startSettings).toEqual([{ path: 'database.quorumN', value: 2 }]);
    expect(state.compare).toEqual([{ path: 'database.readsFrom', value: 'replicas' }]);
    expect(state.problems[0]).toContain(
      'compare change "database.quorumW=3" (quorum W (database.quorumW) must be a whole number from 1 to database.quorumN (2) (got 3))',
    );
    const only = readUrlState('https://x.test/#scenario=database&compare=database.quorumW=5');
    expect(only.compare).toBeNull();
    expect(only.problems[0]).toContain('compare change "database.quorumW=5"');
  });

  it('refuses a fault time beyond a week (1e308 s would never be reached)', () => {
    const state = readUrlState('https://x.test/#scenario=one-region&faults=1e308:kill:app-a1');
    expect(state.faults).toEqual([]);
    expect(state.problems[0]).toContain('must be a number of seconds from 0 to 604800');
  });

  it('survives badly encoded parts', () => {
    const state = readUrlState('https://x.test/#seed=%E0%A4%A&faults=%ZZ,5:kill:app-eu-a1');
    expect(state.seed).toBe(TWO_REGIONS.seed);
    expect(state.faults).toEqual([{ atS: 5, command: { type: 'kill', target: 'app-eu-a1' } }]);
    expect(state.problems[0]).toContain('badly encoded');
  });
});

describe('parseSeed', () => {
  it('accepts whole numbers from 0 to 2^32 - 1 only', () => {
    expect(parseSeed(' 12 ')).toBe(12);
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(4294967295);
    expect(parseSeed('4294967296')).toBeNull();
    expect(parseSeed('-1')).toBeNull();
    expect(parseSeed('1.5')).toBeNull();
    expect(parseSeed('')).toBeNull();
  });
});

describe('fault script cap', () => {
  it('loads the first SCRIPT_ENTRIES_MAX faults of a longer link and names the cap', () => {
    const spec = Array.from({ length: 5000 }, (_, i) => `${i + 1}:kill:app-eu-a1`).join(',');
    const state = readUrlState(`https://x.test/#scenario=two-regions&faults=${spec}`);
    expect(state.faults).toHaveLength(SCRIPT_ENTRIES_MAX);
    expect(state.faults!.at(-1)!.atS).toBe(SCRIPT_ENTRIES_MAX);
    expect(state.problems).toEqual([
      `Parts of this link were ignored: faults after the first ${SCRIPT_ENTRIES_MAX} (a fault script holds at most ${SCRIPT_ENTRIES_MAX} entries; this one would have 5,000). The rest of the run was loaded.`,
    ]);
  });
});
