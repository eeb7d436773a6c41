/**
 * The README describes the app as it is: its lessons list is the lesson registry's, and
 * the tabs, actions and scenarios it names are the ones the app has.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../app/lessons';
import { BUILTIN_SCENARIOS, builtinScenario, FAULT_FORMS, simulationInput } from '../app/scenarios';
import { ACTION_SPECS, type Command } from '../app/sim';
import { createSimulation } from '../app/sim/runtime';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
function markedBlock(text: string, name: string): string {
  const start = text.indexOf(`<!-- ${name}:start -->`);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`README.md has no ${name}:start/end block`);
  return text.slice(start + `<!-- ${name}:start -->`.length, end);
}

describe('README.md', () => {
  it('lists the lessons of the registry, in its order, with their ids and titles', () => {
    const listed = markedBlock(README, 'lessons')
      .split('\n')
      .filter((line) => line.startsWith('- '));
    const expected = BUILTIN_LESSONS.map((l) => `- \`#lesson=${l.id}\`: ${l.title}`);
    // On failure, paste the expected lines between the markers.
    expect(listed).toEqual(expected);
  });

  it('names every tab of the side column as the app labels it', () => {
    const source = readFileSync(
      new URL('../app/components/app/sidePanels.tsx', import.meta.url),
      'utf8',
    );
    const labels = [...source.matchAll(/\{ id: '[^']+', label: '([^']+)'/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) expect(README, `tab "${label}"`).toContain(`**${label}**`);
  });

  it('names every action of the part menus by its button text', () => {
    // Markdown may wrap a two-word verb across lines: compare with whitespace collapsed.
    const text = README.replace(/\s+/g, ' ');
    for (const { verb } of ACTION_SPECS) expect(text, verb).toContain(`\`${verb}\``);
  });

  it('lists every fault form of the CLI', () => {
    for (const { form } of FAULT_FORMS) expect(README, form).toContain(`\`${form}\``);
  });

  it('lists every built-in scenario', () => {
    for (const { name } of BUILTIN_SCENARIOS) expect(README, name).toContain(`| \`${name}\``);
  });

  it('sends the reader to design documents inside the repository only', () => {
    expect(README).not.toMatch(/\.\.\/shared|DESIGN\.md|REFERENCE\.md/);
    for (const doc of ['architecture', 'reference', 'scenario-format']) {
      expect(README).toContain(`](docs/${doc}.md)`);
      expect(() => readFileSync(new URL(`../docs/${doc}.md`, import.meta.url))).not.toThrow();
    }
    // No address of another site: every link stays in the repository (or is localhost).
    const addresses = README.match(/https?:\/\/[^\s)`]+/g) ?? [];
    expect(addresses.filter((a) => !/^https?:\/\/localhost\b/.test(a))).toEqual([]);
  });

  it('has exactly two set-up commands in its quick start: install and start, then test', () => {
    const quickStart = README.slice(README.indexOf('## Quick start'));
    const block = /```sh\n([\s\S]*?)```/.exec(quickStart)![1]!;
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run dev', 'npm test']);
  });
});

describe('docs/scenario-format.md', () => {
  const FORMAT = readFileSync(new URL('../docs/scenario-format.md', import.meta.url), 'utf8');

  it('has a row for every command type', () => {
    const types = [...ACTION_SPECS.map((spec) => spec.type), 'weight', 'rate', 'set'];
    for (const type of types) expect(FORMAT, type).toMatch(new RegExp(`^\\|[^|]*\`${type}\``, 'm'));
  });

  it('states the ranges the engine enforces', () => {
    // checkout: app servers, a payments dependency and links, so every command applies.
    const sim = createSimulation(simulationInput(builtinScenario('checkout')!), { seed: 1 });
    const targets: Record<string, string | undefined> = {
      slow: 'app-a1',
      flap: 'app-a1',
      errors: 'app-a1',
      weight: 'app-a1',
      latency: 'lb-1->app-a1',
      loss: 'lb-1->app-a1',
      rate: undefined,
    };
    const rows = [
      ...FORMAT.matchAll(/^\| `([a-z-]+)`\s*\|[^|]*`([A-Za-z]+)` \(([\d.]+) to ([\d.]+)\)/gm),
    ];
    expect(rows.map((row) => row[1]).sort()).toEqual(Object.keys(targets).sort());
    for (const [, type, field, low, high] of rows) {
      const command = (value: number) =>
        ({
          type,
          ...(targets[type!] ? { target: targets[type!] } : {}),
          [field!]: value,
        }) as Command;
      const [min, max] = [Number(low), Number(high)];
      expect(sim.validate(command(min)), `${type} ${field} ${min}`).toBeNull();
      expect(sim.validate(command(max)), `${type} ${field} ${max}`).toBeNull();
      expect(sim.validate(command(min - 0.01)), `${type} ${field} below ${min}`).not.toBeNull();
      expect(sim.validate(command(max + 0.01)), `${type} ${field} above ${max}`).not.toBeNull();
    }
  });
});
