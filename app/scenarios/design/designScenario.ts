/**
 * An edited design as a scenario, and the check it must pass: the small part of the
 * design editor that share links need too (so it is in the first load without the
 * edits themselves, which load with the Design tab).
 */
import type { TopologySpec } from '../../sim';
import { faultChecker, validateConfiguration, type SettingChange } from '../configuration';
import type { Scenario } from '../scenario';

/**
 * The first problem with running `topology` under the scenario's settings and the
 * run's start settings (the share link's check), or null when it may run.
 */
export function designProblem(
  scenario: Scenario,
  topology: TopologySpec,
  startSettings: readonly SettingChange[] = [],
): string | null {
  const problems = validateConfiguration({ topology, settings: scenario.settings }, startSettings);
  return problems[0] ?? null;
}

/** True when two topologies describe the same design. */
export function sameTopology(a: TopologySpec, b: TopologySpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The scenario with an edited cloud: its own faults that still name parts of the new
 * design are kept (a fault on a removed server is dropped), and the title says so.
 */
export function designScenario(base: Scenario, topology: TopologySpec): Scenario {
  if (sameTopology(base.topology, topology)) return base;
  const problemOf = faultChecker({ topology, settings: base.settings });
  return {
    ...base,
    title: base.title.endsWith(' (edited)') ? base.title : `${base.title} (edited)`,
    topology,
    faults: base.faults.filter((f) => problemOf(f.command) === null),
  };
}
