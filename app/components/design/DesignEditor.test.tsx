// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE, ONE_REGION, configuredSettings } from '../../scenarios';
import { formatUsd, monthlyCost, PRICES } from '../../scenarios/cost';
import { playground } from '../../store';
import { click, renderPanel, typeAndEnter, unmountPanels } from '../app/panelHarness';
import { DesignEditor } from './DesignEditor';

afterEach(unmountPanels);

const button = (container: HTMLElement, name: string): HTMLButtonElement => {
  const found = [...container.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === name,
  );
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const status = (container: HTMLElement) => container.querySelector('[role="status"]')!.textContent;
const zoneServers = (zone: string) =>
  playground
    .getState()
    .run.scenario.topology.regions.flatMap((r) => r.zones)
    .find((z) => z.id === zone)!.servers;

describe('DesignEditor', () => {
  it('adds a server: the run restarts on the new design and its cost rises by one server', () => {
    const { container } = renderPanel(DesignEditor, ONE_REGION, 1);
    const before = monthlyCost(ONE_REGION.topology, configuredSettings(ONE_REGION)).usdPerMonth;
    click(button(container, 'Add server to zone eu-a'));
    expect(zoneServers('eu-a')).toEqual(['app-a1', 'app-a2', 'app-a3']);
    expect(playground.getState().run.scenario.title).toBe(`${ONE_REGION.title} (edited)`);
    expect(container.querySelector('.design-cost strong')!.textContent).toBe(
      formatUsd(before + PRICES.serverUsdPerHour * 730),
    );
    expect(status(container)).toContain('Done: add a server to zone eu-a');
  });

  it('refuses an empty zone with one sentence naming the rule, and keeps the design', () => {
    const { container } = renderPanel(DesignEditor, ONE_REGION, 1);
    click(button(container, 'Remove server from zone eu-b'));
    expect(zoneServers('eu-b')).toEqual(['app-b1']);
    click(button(container, 'Remove server from zone eu-b'));
    expect(zoneServers('eu-b')).toEqual(['app-b1']);
    expect(status(container)).toBe(
      'Cannot remove a server from zone eu-b: topology.regions[0].zones[1].servers must list at least one server.',
    );
  });

  it('undoes and redoes with the buttons and with Ctrl+Z / Ctrl+Shift+Z', () => {
    const { container } = renderPanel(DesignEditor, DATABASE, 1);
    click(button(container, 'Add replica'));
    const nodes = () =>
      playground.getState().run.scenario.topology.database!.nodes.map((n) => n.id);
    expect(nodes()).toHaveLength(4);
    click(button(container, 'Undo'));
    expect(nodes()).toEqual(['db-a1', 'db-b1', 'db-c1']);
    click(button(container, 'Redo'));
    expect(nodes()).toHaveLength(4);
    const key = (init: KeyboardEventInit) =>
      act(() => {
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, ...init }));
      });
    key({});
    expect(nodes()).toHaveLength(3);
    key({ shiftKey: true, key: 'Z' });
    expect(nodes()).toHaveLength(4);
  });

  it('changes the capacity through the setting’s own check', () => {
    const { container } = renderPanel(DesignEditor, ONE_REGION, 1);
    const input = container.querySelector<HTMLInputElement>('.design-number')!;
    typeAndEnter(input, '0');
    expect(status(container)).toMatch(
      /^Cannot change the capacity: server.workers must be .*1.*256/,
    );
    typeAndEnter(input, '8');
    expect(playground.getState().run.settings.server.workers).toBe(8);
    expect(playground.getState().run.startSettings).toEqual([{ path: 'server.workers', value: 8 }]);
  });
});

describe('DesignEditor zone names', () => {
  it('names each zone as the diagram tags it, with the id the log, links and CLI use', () => {
    // Review item 25: the diagram said "zone a" where the editor said "Zone eu-a".
    const { container } = renderPanel(DesignEditor, ONE_REGION, 1);
    const names = [...container.querySelectorAll('.design-zone-name')].map((n) => n.textContent);
    const zones = ONE_REGION.topology.regions.flatMap((r) => r.zones);
    expect(names).toHaveLength(zones.length);
    zones.forEach((zone, i) => {
      expect(zone.label, zone.id).toBeTruthy();
      expect(names[i]).toBe(`${zone.label} (${zone.id}): ${zone.servers.length} servers`);
    });
  });
});
