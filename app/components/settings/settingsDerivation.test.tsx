// @vitest-environment jsdom
/**
 * Every setting the panels and share links offer comes from SETTING_SPECS (issue 12: one
 * declaration per setting; panels, links, the CLI and docs derive from it). The panels are
 * rendered and their controls read back: each control's name, range, choices, default and
 * real-world values must be the spec's, and together the tabs must offer every setting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  realWorldOf,
  realWorldText,
  SETTING_SPECS,
  settingSpec,
  withUnit,
  type SettingSpec,
} from '../../sim';
import { CHECKOUT, DATABASE, TWO_REGIONS } from '../../scenarios';
import { DataPanel } from '../data/DataPanel';
import { DefencesPanel } from '../defences/DefencesPanel';
import { referenceHref, TAB_OWNED_SETTINGS } from './knobs';
import { renderPanel, unmountPanels } from '../app/panelHarness';
import { SettingsPanel } from './SettingsPanel';
import { readUrlState, urlWithState } from '../share/urlState';

afterEach(unmountPanels);

const SPEC_BY_LABEL = new Map(SETTING_SPECS.map((spec) => [spec.label, spec]));

/** A control's accessible name: its <label>, aria-label or aria-labelledby. */
function accessibleName(control: Element): string {
  const doc = control.ownerDocument;
  const labelledBy = control.getAttribute('aria-labelledby');
  if (labelledBy) return doc.getElementById(labelledBy)?.textContent?.trim() ?? '';
  const ariaLabel = control.getAttribute('aria-label');
  if (ariaLabel) return ariaLabel;
  const label = control.id ? doc.querySelector(`label[for="${control.id}"]`) : null;
  return label?.textContent?.trim() ?? '';
}

/** The setting controls of a rendered panel, each with the spec its name belongs to. */
function settingControls(container: HTMLElement): Array<{ control: Element; spec: SettingSpec }> {
  const controls = container.querySelectorAll(
    'input[type="number"], select, [role="switch"], fieldset.kp-mode-choice',
  );
  return [...controls].flatMap((control) => {
    // The replication modes are radio buttons in a fieldset named by its legend.
    const name =
      control.tagName === 'FIELDSET'
        ? (control.querySelector('legend')?.textContent?.trim() ?? '')
        : accessibleName(control);
    const spec = SPEC_BY_LABEL.get(name);
    // Weights, fault forms and the like are not settings: only named settings count.
    return spec ? [{ control, spec }] : [];
  });
}

describe('the panels derive every setting control from SETTING_SPECS', () => {
  it('labels are unique, so a label names one setting', () => {
    expect(SPEC_BY_LABEL.size).toBe(SETTING_SPECS.length);
  });

  it('the Settings tab shows each remaining setting with the spec’s name, range, default and real values', () => {
    const { container } = renderPanel(SettingsPanel, TWO_REGIONS, 1);
    const inputs = container.querySelectorAll('input, select');
    const shown = settingControls(container);
    // Every field of the panel is a setting named by its spec's label, never a raw path.
    expect(shown.length).toBe(inputs.length);
    const expected = SETTING_SPECS.filter((s) => !TAB_OWNED_SETTINGS.has(s.path));
    expect(shown.map(({ spec }) => spec.path).sort()).toEqual(expected.map((s) => s.path).sort());

    for (const { control, spec } of shown) {
      if (spec.kind === 'number') {
        expect(control.getAttribute('min'), spec.path).toBe(String(spec.min));
        expect(control.getAttribute('max'), spec.path).toBe(String(spec.max));
        if (spec.unit) {
          expect(control.parentElement!.querySelector('.unit')?.textContent, spec.path).toBe(
            spec.unit,
          );
        }
      } else {
        const options = [...control.querySelectorAll('option')].map((o) => o.value);
        expect(options, spec.path).toEqual([...spec.choices]);
      }
      const hint = container.ownerDocument.getElementById(
        control.getAttribute('aria-describedby')!.split(' ').at(-1)!,
      )!;
      const unit = spec.kind === 'number' ? spec.unit : undefined;
      expect(hint.textContent, spec.path).toContain(
        `Default here: ${withUnit(spec.default, unit)}`,
      );
      expect(hint.textContent, spec.path).toContain(spec.path);
      const links = [...hint.querySelectorAll('a')].map((a) => [
        a.getAttribute('href'),
        a.textContent,
      ]);
      expect(links, spec.path).toEqual(
        realWorldOf(spec.path).map((entry) => [
          referenceHref(entry.source),
          realWorldText(spec, entry),
        ]),
      );
    }
  });

  it('the Settings, Defences and Data tabs together offer every setting, each named by its spec', () => {
    const offered = new Set<string>();
    for (const [Panel, scenario] of [
      [SettingsPanel, TWO_REGIONS],
      [DefencesPanel, CHECKOUT],
      [DataPanel, DATABASE],
    ] as const) {
      const { container, unmount } = renderPanel(Panel, scenario, 1);
      for (const { spec } of settingControls(container)) offered.add(spec.path);
      // Each real-world link of a panel points into the reference page the site serves.
      for (const link of container.querySelectorAll('a')) {
        expect(link.getAttribute('href')).toMatch(/^reference\.html#[a-z0-9-]+$/);
      }
      unmount();
    }
    expect([...offered].sort()).toEqual(SETTING_SPECS.map((s) => s.path).sort());
  });
});

describe('share links carry exactly the settings of SETTING_SPECS', () => {
  const BASE = 'https://x.test/nines/';

  it('round-trips every setting by its spec path', () => {
    for (const spec of SETTING_SPECS) {
      const startSettings = [{ path: spec.path, value: spec.default }];
      const read = readUrlState(
        urlWithState(BASE, { scenarioName: DATABASE.name, seed: 1, startSettings, faults: [] }),
      );
      expect(read.problems, spec.path).toEqual([]);
      expect(read.startSettings, spec.path).toEqual(startSettings);
    }
  });

  it('drops a key that is no spec’s path, with a problem naming it', () => {
    const read = readUrlState(`${BASE}#scenario=database&settings=healthCheck.intervalSeconds=5`);
    expect(settingSpec('healthCheck.intervalSeconds')).toBeUndefined();
    expect(read.startSettings).toEqual([]);
    expect(read.problems.join(' ')).toContain('healthCheck.intervalSeconds');
  });
});
