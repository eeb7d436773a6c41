import { describe, expect, it } from 'vitest';
import {
  ACTIVE_ACTIVE_DATA,
  ACTIVE_PASSIVE,
  BUILTIN_SCENARIOS,
  DATABASE,
  ONE_REGION,
  TWO_REGIONS,
  configuredSettings,
  validateConfiguration,
  type Scenario,
} from '..';
import type { TopologySpec } from '../../sim';
import { monthlyCost, PRICES, SECONDS_PER_MONTH, type CostLineId } from '.';

const costOf = (scenario: Scenario, changes: Array<{ path: string; value: unknown }> = []) =>
  monthlyCost(scenario.topology, configuredSettings(scenario, changes));
const lineOf = (
  scenario: Scenario,
  id: CostLineId,
  changes: Array<{ path: string; value: unknown }> = [],
) => costOf(scenario, changes).lines.find((l) => l.id === id)!.usdPerMonth;

/** ONE_REGION with `perZone` servers in each of its three zones. */
function withServersPerZone(perZone: number): Scenario {
  const region = ONE_REGION.topology.regions[0]!;
  const topology: TopologySpec = {
    ...ONE_REGION.topology,
    regions: [
      {
        ...region,
        zones: region.zones.map((zone) => ({
          ...zone,
          servers: Array.from({ length: perZone }, (_, i) => `${zone.id}-s${i + 1}`),
        })),
      },
    ],
  };
  return { ...ONE_REGION, topology };
}

const GB_PER_BYTE_PER_S = SECONDS_PER_MONTH / 1e9;

describe('monthlyCost', () => {
  it('is the sum of its lines, for every built-in scenario', () => {
    for (const scenario of BUILTIN_SCENARIOS) {
      const cost = costOf(scenario);
      const sum = cost.lines.reduce((s, l) => s + l.usdPerMonth, 0);
      expect(cost.usdPerMonth).toBeCloseTo(sum, 9);
      for (const l of cost.lines) expect(l.usdPerMonth).toBeCloseTo(l.quantity * l.unitPriceUsd, 9);
    }
  });

  it('grows linearly with servers: each one adds 730 hours at the server price', () => {
    const serverMonth = PRICES.serverUsdPerHour * 730;
    for (const perZone of [1, 2, 3, 5, 8]) {
      const scenario = withServersPerZone(perZone);
      expect(validateConfiguration(scenario)).toEqual([]);
      expect(lineOf(scenario, 'servers')).toBeCloseTo(3 * perZone * serverMonth, 6);
      // Servers change nothing else: the rest of the bill stays the same.
      const others = costOf(scenario).usdPerMonth - lineOf(scenario, 'servers');
      const baseOthers =
        costOf(withServersPerZone(1)).usdPerMonth - lineOf(withServersPerZone(1), 'servers');
      expect(others).toBeCloseTo(baseOthers, 6);
    }
  });

  it('prices the answers to users in proportion to the request rate', () => {
    for (const rate of [1, 50, 840, 5000]) {
      const expected = rate * PRICES.responseBytes * GB_PER_BYTE_PER_S * PRICES.internetOutUsdPerGb;
      expect(
        lineOf(ONE_REGION, 'internet-out', [{ path: 'traffic.arrivalRatePerS', value: rate }]),
      ).toBeCloseTo(expected, 6);
    }
  });

  it('charges nothing between regions when nothing crosses one', () => {
    // One region with a database; two regions without one: all traffic stays home.
    expect(lineOf(DATABASE, 'cross-region')).toBe(0);
    expect(lineOf(TWO_REGIONS, 'cross-region')).toBe(0);
    // Active-passive sends every user to the first region, over the internet.
    expect(lineOf(ACTIVE_PASSIVE, 'cross-region')).toBe(0);
  });

  it('charges cross-region replication of every write to the other region', () => {
    // Two multi-primary nodes, one per region: each write is shipped once across.
    const settings = configuredSettings(ACTIVE_ACTIVE_DATA);
    const writesPerS = settings.traffic.arrivalRatePerS * settings.database.writeShare;
    const expected =
      writesPerS * PRICES.replicationBytesPerWrite * GB_PER_BYTE_PER_S * PRICES.crossRegionUsdPerGb;
    expect(lineOf(ACTIVE_ACTIVE_DATA, 'cross-region')).toBeCloseTo(expected, 6);
  });

  it('charges cross-region database calls when servers reach a primary in another region', () => {
    // Two active-active regions, the database only in eu: us servers (half the
    // traffic) call across the ocean for every request.
    const scenario: Scenario = {
      ...TWO_REGIONS,
      topology: {
        ...TWO_REGIONS.topology,
        database: { nodes: [{ id: 'db-eu-a', zone: 'eu-a' }], primary: 'db-eu-a' },
      },
    };
    expect(validateConfiguration(scenario)).toEqual([]);
    const expected = 25 * PRICES.databaseCallBytes * GB_PER_BYTE_PER_S * PRICES.crossRegionUsdPerGb;
    expect(lineOf(scenario, 'cross-region')).toBeCloseTo(expected, 6);
    // Active-passive: every request is served in eu, none crosses.
    expect(
      lineOf(scenario, 'cross-region', [{ path: 'regions.mode', value: 'active-passive' }]),
    ).toBe(0);
  });

  it('charges cross-zone database calls from servers outside the primary’s zone, both ways', () => {
    // DATABASE: primary in zone a, servers spread evenly over 3 zones: 2/3 of calls cross.
    const rate = configuredSettings(DATABASE).traffic.arrivalRatePerS;
    const expected =
      ((rate * 2) / 3) *
      PRICES.databaseCallBytes *
      GB_PER_BYTE_PER_S *
      2 *
      PRICES.crossZoneUsdPerGbEachWay;
    expect(lineOf(DATABASE, 'cross-zone')).toBeCloseTo(expected, 6);
    // Reads from replicas: with a replica in every other zone, only writes from those
    // zones cross (reads in zone a still go to a replica in another zone).
    const writeShare = configuredSettings(DATABASE).database.writeShare;
    const replicaReads = ((rate * 2) / 3) * writeShare + (rate / 3) * (1 - writeShare);
    expect(
      lineOf(DATABASE, 'cross-zone', [{ path: 'database.readsFrom', value: 'replicas' }]),
    ).toBeCloseTo(
      replicaReads *
        PRICES.databaseCallBytes *
        GB_PER_BYTE_PER_S *
        2 *
        PRICES.crossZoneUsdPerGbEachWay,
      6,
    );
    // No database: no app-to-database traffic at all.
    expect(lineOf(ONE_REGION, 'cross-zone')).toBe(0);
  });

  it('counts a database node per node and a DNS health check per region behind a traffic manager', () => {
    const nodeMonth = PRICES.databaseNodeUsdPerHour * 730;
    expect(lineOf(DATABASE, 'database')).toBeCloseTo(3 * nodeMonth, 6);
    expect(lineOf(ONE_REGION, 'database')).toBe(0);
    expect(lineOf(ONE_REGION, 'dns-checks')).toBe(0);
    // Default interval 10 s: Route 53's fast interval, an optional feature on top.
    const fast = PRICES.dnsHealthCheckUsdPerMonth + PRICES.dnsFastIntervalUsdPerMonth;
    expect(lineOf(TWO_REGIONS, 'dns-checks')).toBeCloseTo(2 * fast, 9);
    expect(
      lineOf(TWO_REGIONS, 'dns-checks', [{ path: 'trafficManager.intervalMs', value: 30000 }]),
    ).toBeCloseTo(2 * PRICES.dnsHealthCheckUsdPerMonth, 9);
  });
});
