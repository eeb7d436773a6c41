/**
 * The design tokens keep text readable: every text colour passes WCAG 2.x AA (4.5:1) on
 * the backgrounds it is used on, in the default theme and in each `[data-theme]` block.
 * axe checks the rendered page in e2e; this checks the themes nobody renders yet.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CSS = readFileSync(fileURLToPath(new URL('./tokens.css', import.meta.url)), 'utf8');

/** The custom properties declared in one rule block, by name. */
function declarations(block: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of block.matchAll(/(--[\w-]+):\s*([^;]+);/g))
    found.set(match[1], match[2].trim());
  return found;
}

/** The body of the rule whose selector is `selector`. */
function ruleBody(selector: string): string {
  const start = CSS.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`tokens.css has no rule for ${selector}`);
  return CSS.slice(start, CSS.indexOf('\n}', start));
}

const ROOT = declarations(ruleBody(':root'));
const THEMES = [...CSS.matchAll(/\[data-theme='([\w-]+)'\]/g)].map((match) => match[1]);

/** A theme's tokens: the root's, overridden by the theme's block. */
function theme(name: string | null): Map<string, string> {
  if (name === null) return ROOT;
  return new Map([...ROOT, ...declarations(ruleBody(`[data-theme='${name}']`))]);
}

/** A token's colour as [r, g, b] (0-255), following var() references. */
function rgb(tokens: Map<string, string>, name: string): [number, number, number] {
  let value = tokens.get(name);
  for (let depth = 0; value?.startsWith('var(') && depth < 5; depth++) {
    value = tokens.get(value.slice(4, -1));
  }
  const hex = /^#([0-9a-f]{6})$/i.exec(value ?? '');
  if (!hex) throw new Error(`${name} is not a six-digit colour: ${value}`);
  const n = parseInt(hex[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2.x relative luminance. */
function luminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const PANEL_BACKGROUNDS = [
  '--color-surface',
  '--color-page',
  '--color-surface-sunken',
  '--color-surface-alt',
];

/** [text token, background tokens it is drawn on]. */
const TEXT_ON: [string, string[]][] = [
  [
    '--color-text',
    [
      ...PANEL_BACKGROUNDS,
      '--color-failed-bg',
      '--color-degraded-bg',
      '--color-accent-bg',
      '--color-info-bg',
      '--color-hover',
    ],
  ],
  ['--color-text-muted', [...PANEL_BACKGROUNDS, '--color-accent-bg', '--color-info-bg']],
  // Also the text of disabled buttons (on --color-page), which WCAG exempts.
  ['--color-text-faint', ['--color-surface']],
  ['--color-accent', [...PANEL_BACKGROUNDS, '--color-accent-bg', '--color-info-bg']],
  ['--color-ok', PANEL_BACKGROUNDS],
  ['--color-failed', [...PANEL_BACKGROUNDS, '--color-failed-bg']],
  ['--color-degraded', [...PANEL_BACKGROUNDS, '--color-degraded-bg']],
  ['--color-text-on-accent', ['--color-accent', '--color-database']],
  ['--color-code-text', ['--color-code-bg']],
];

/** The diagram's backgrounds (regions, zones, nodes): graphics drawn on them need 3:1. */
const DIAGRAM_BACKGROUNDS = ['--color-surface', '--color-surface-sunken', '--color-zone-bg'];

/**
 * [graphic token, backgrounds]: WCAG 2.1 non-text contrast (1.4.11, 3:1) for the
 * moving requests (a dot's colour says what it is, next to its shape) and the queue.
 */
const GRAPHIC_ON: [string, string[]][] = [
  ['--color-message-request', DIAGRAM_BACKGROUNDS],
  ['--color-message-reply', DIAGRAM_BACKGROUNDS],
  ['--color-message-degraded', DIAGRAM_BACKGROUNDS],
  ['--color-message-error', DIAGRAM_BACKGROUNDS],
  ['--color-message-late', DIAGRAM_BACKGROUNDS],
  ['--color-focus', PANEL_BACKGROUNDS],
  // Chart lines (views/chart.ts) on the panel they are drawn in.
  ['--color-chart-purple', ['--color-surface']],
  ['--color-accent', ['--color-surface']],
  ['--color-ok', ['--color-surface']],
];

describe('design tokens', () => {
  it('has the themes issue 14 builds on', () => {
    expect(THEMES).toEqual(['dark', 'high-contrast']);
  });

  for (const name of [null, ...THEMES]) {
    it(`text passes WCAG AA (4.5:1) in the ${name ?? 'default'} theme`, () => {
      const tokens = theme(name);
      const failures: string[] = [];
      for (const [text, backgrounds] of TEXT_ON) {
        for (const background of backgrounds) {
          const ratio = contrast(rgb(tokens, text), rgb(tokens, background));
          if (ratio < 4.5) failures.push(`${text} on ${background}: ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failures).toEqual([]);
    });

    it(`graphics pass WCAG non-text contrast (3:1) in the ${name ?? 'default'} theme`, () => {
      const tokens = theme(name);
      const failures: string[] = [];
      for (const [graphic, backgrounds] of GRAPHIC_ON) {
        for (const background of backgrounds) {
          const ratio = contrast(rgb(tokens, graphic), rgb(tokens, background));
          if (ratio < 3) failures.push(`${graphic} on ${background}: ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
