/**
 * What `--list` prints: every component id, every link id, every settable path (from
 * SETTING_SPECS, with its label, range and real-world values) and every fault form.
 */
import { createSimulation as createEngine } from '../sim/runtime';
import { getSetting, realWorldOf, realWorldText, SETTING_SPECS, type Simulation } from '../sim';
import { FAULT_FORMS, simulationInput, type Scenario } from '../scenarios';

/** A throwaway simulation of a scenario, used to validate commands and list parts. */
export function createSimulation(scenario: Scenario): Simulation {
  return createEngine(simulationInput(scenario), { seed: scenario.seed, trackMessages: false });
}

export function simulationTopologyList(scenario: Scenario) {
  const sim = createSimulation(scenario);
  return {
    scenario: scenario.name,
    components: sim
      .components()
      .map((c) => ({ id: c.id, kind: c.kind, zone: c.zone, region: c.region })),
    links: sim.links().map((l) => l.id),
    settings: SETTING_SPECS.map((spec) => ({
      path: spec.path,
      default: getSetting(sim.settings(), spec.path),
      label: spec.label,
      description: spec.description,
      unit: spec.kind === 'number' ? (spec.unit ?? null) : null,
      ...(spec.kind === 'number' ? { min: spec.min, max: spec.max } : { choices: spec.choices }),
      realWorld: realWorldOf(spec.path).map((entry) => ({
        ...entry,
        text: realWorldText(spec, entry),
      })),
    })),
    faults: FAULT_FORMS,
  };
}
