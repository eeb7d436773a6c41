/**
 * Every surface that names or takes a command derives it from the command registry
 * (app/sim/commands/registry.ts): the action menu, the timeline's fault form, the
 * CLI's --fault and --list (its help: app/cli/cli.test.ts), and scenario files. Each item a surface shows comes
 * from a registry entry, and each registry entry reaches every surface it is
 * declared for, so no surface can offer a command, a verb or a range of its own.
 */
import { describe, expect, it } from 'vitest';
import {
  DATABASE,
  FAULT_ACTIONS,
  FAULT_FORMS,
  parseFaultSpec,
  parseScenario,
  TWO_REGIONS,
} from '../../scenarios';
import {
  COMMAND_SPECS,
  commandSpec,
  parameterRange,
  targetKinds,
  type CommandSpec,
  type TargetKind,
} from '../../sim';
import { actionCommand, menuEntries } from './actions';
import { FORM_ACTIONS } from './faultForm';

/** A target of each kind in the database scenario (plus the dependency of two regions). */
const TARGET_OF: Record<TargetKind, string> = {
  server: 'app-b1',
  dependency: 'payments',
  database: 'db-b1',
  zone: 'eu-b',
  region: 'eu',
  link: 'lb-1->app-b1',
  users: 'users',
  balancer: 'lb-1',
  dns: 'dns',
};

const ALL_TYPES = COMMAND_SPECS.map((spec) => spec.type);
const offered = (surface: 'menu' | 'form') =>
  COMMAND_SPECS.filter((spec) => spec.offeredIn.includes(surface));
const wordsOf = (spec: CommandSpec) => [spec.type, ...(spec.variants ?? []).map((v) => v.id)];

describe('the command registry is the only source of commands', () => {
  it('action menu: every row is a menu command of the registry, and every one is on each kind it targets', () => {
    const ends = { from: 'lb-1', to: 'app-b1', cutForward: false, cutBackward: false };
    for (const [kind, id] of Object.entries(TARGET_OF) as Array<[TargetKind, string]>) {
      const entries = menuEntries(id, kind, ALL_TYPES, ends);
      for (const entry of entries) {
        const spec = commandSpec(entry.spec.type)!;
        expect(spec.offeredIn, entry.verb).toContain('menu');
        expect(targetKinds(spec)).toContain(kind);
        const variantVerbs = (spec.variants ?? []).flatMap((v) => [v.verb, `${v.verb} back`]);
        expect([spec.verb, ...variantVerbs]).toContain(entry.verb);
        expect(entry.parameter).toBe(spec.parameter); // the same object, not a copy
      }
      const types = new Set(entries.map((e) => e.spec.type));
      for (const spec of offered('menu').filter((s) => targetKinds(s).includes(kind))) {
        expect(types.has(spec.type as never), `${spec.type} on ${kind}`).toBe(true);
      }
    }
  });

  it('fault form: its actions are exactly the form commands and their variants, with their verbs and numbers', () => {
    expect(FORM_ACTIONS.map((a) => a.id)).toEqual(offered('form').flatMap(wordsOf));
    for (const action of FORM_ACTIONS) {
      const spec = COMMAND_SPECS.find((s) => wordsOf(s).includes(action.id))!;
      const variant = spec.variants?.find((v) => v.id === action.id);
      expect(action.label).toBe(variant?.verb ?? spec.verb);
      expect(action.targets).toBe(spec.targets);
      expect(action.parameter).toBe(spec.parameter ?? null);
    }
  });

  it('CLI --fault and --list: every action word and form is a registry command, and every command has one', () => {
    // The CLI's help lists FAULT_ACTIONS (app/cli/cli.test.ts checks it does).
    expect(FAULT_ACTIONS).toEqual(COMMAND_SPECS.flatMap(wordsOf));
    for (const { form } of FAULT_FORMS) expect(FAULT_ACTIONS).toContain(form.split(':')[1]);
    for (const spec of COMMAND_SPECS) {
      const words = new Set(FAULT_FORMS.map((f) => f.form.split(':')[1]));
      for (const word of wordsOf(spec)) expect(words.has(word), word).toBe(true);
    }
  });

  it('CLI --fault reads each number in the range the registry declares, and names it outside', () => {
    for (const spec of COMMAND_SPECS.filter((s) => s.parameter)) {
      const parameter = spec.parameter!;
      const target = spec.targets === 'none' ? '' : `${TARGET_OF[targetKinds(spec)[0]!]}:`;
      const text = (value: number) =>
        `10:${spec.type}:${target}${parameter.script.prefix ?? ''}${value}${parameter.script.suffix ?? ''}`;
      for (const value of [parameter.min, parameter.max, parameter.default]) {
        const parsed = parseFaultSpec(text(value));
        expect(parsed.error, text(value)).toBeNull();
        expect(parsed.fault!.command).toMatchObject({ type: spec.type, [parameter.field]: value });
      }
      const outside = parseFaultSpec(text(parameter.max + 1)).error;
      expect(outside).toContain(`${spec.type} "`);
      expect(outside).toContain(parameterRange(parameter));
      expect(outside).toContain(parameter.name);
    }
  });

  it('scenario files: a fault of every registry command is accepted on a kind it targets; any other type is not', () => {
    const data = JSON.parse(JSON.stringify(DATABASE)) as Record<string, unknown>;
    data.topology = { ...DATABASE.topology, dependency: TWO_REGIONS.topology.dependency };
    const withFault = (command: unknown) =>
      parseScenario({ ...data, faults: [{ atS: 10, command }] });
    for (const spec of COMMAND_SPECS) {
      const kinds = spec.targets === 'setting' || spec.targets === 'none' ? [] : spec.targets;
      const commands =
        spec.type === 'set'
          ? [{ type: 'set', path: 'healthCheck.intervalMs', value: 2000 }]
          : kinds.length === 0
            ? [actionCommand(spec.type, '')]
            : kinds.map((kind) => actionCommand(spec.type, TARGET_OF[kind]));
      for (const command of commands) {
        expect(withFault(command).errors, JSON.stringify(command)).toEqual([]);
      }
    }
    expect(withFault({ type: 'explode', target: 'app-b1' }).errors).toEqual([
      'faults[0].command: unknown command type "explode"',
    ]);
  });
});
