// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE, MANUAL_FAILOVER, ONE_REGION, SPLIT_BRAIN, type Scenario } from '../../scenarios';
import { playground } from '../../store';
import { DataPanel } from './DataPanel';
import {
  byLabel,
  byRoleName,
  click,
  renderPanel,
  termValue,
  typeAndEnter,
  unmountPanels,
} from '../app/panelHarness';

afterEach(unmountPanels);

function nodeButtons(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.kp-nodes button')].map((b) =>
    b.getAttribute('aria-label')!,
  );
}

/** The database scenario with a slow replica apply, so async replication lags a lot. */
const LAGGING: Scenario = {
  ...DATABASE,
  settings: { ...DATABASE.settings, database: { writeShare: 0.5, replicaApplyDelayMs: 500 } },
};

describe('DataPanel', () => {
  it('offers the database scenario when there is no database', () => {
    const harness = renderPanel(DataPanel, ONE_REGION, 1);
    expect(harness.container.textContent).toContain('This scenario has no database.');
    expect(harness.container.querySelector('a[href="#scenario=database"]')).not.toBeNull();
  });

  it('lists each node with exactly the actions the engine offers, named by verb and id', () => {
    const harness = renderPanel(DataPanel, DATABASE, 5);
    const buttons = nodeButtons(harness.container);
    const expected = harness.sim
      .snapshot()
      .database!.nodes.flatMap((n) => harness.sim.actionsFor(n.id).map((a) => `${a} ${n.id}`));
    expect(buttons.length).toBe(expected.length);
    expect(buttons).toContain('Kill db-a1');
    expect(buttons).toContain('Promote db-b1');
    expect(buttons).not.toContain('Promote db-a1'); // already the primary
    expect(buttons).not.toContain('Restore db-a1'); // nothing to restore
  });

  it('kills the async primary: a failover with its RTO, and acknowledged writes lost', () => {
    const harness = renderPanel(DataPanel, LAGGING, 10);
    click(byRoleName(harness.container, 'button', 'Kill db-a1'));
    expect(harness.applied).toEqual([{ type: 'kill', target: 'db-a1' }]);
    harness.advance(60);
    const data = harness.sim.metrics().data!;
    expect(data.writesLost).toBeGreaterThan(0);
    expect(termValue(harness.container, 'Acknowledged writes lost')).toBe(
      data.writesLost.toLocaleString('en-US'),
    );
    const last = data.failovers[data.failovers.length - 1]!;
    expect(last.from).toBe('db-a1');
    const text = harness.container.querySelector('.kp-failovers')!.textContent!;
    expect(text).toContain(`${last.rtoS!.toFixed(1)} s`);
    expect(text).toContain(`db-a1 → ${last.to}`);
    expect(text).toContain(`${last.rpoWrites} writes`);
    expect(nodeButtons(harness.container)).toContain('Restore db-a1');
  });

  it('switches replication mode with a radio button', () => {
    const harness = renderPanel(DataPanel, DATABASE, 5);
    const sync = harness.container.querySelector<HTMLInputElement>('input[type=radio][value=sync]');
    click(sync);
    expect(harness.applied).toEqual([
      { type: 'set', path: 'database.replicationMode', value: 'sync' },
    ]);
    expect(harness.sim.snapshot().database!.replicationMode).toBe('sync');
    expect(
      harness.container.querySelector<HTMLInputElement>('input[type=radio][value=sync]')!.checked,
    ).toBe(true);
  });

  it('keeps the chosen radio checked until the engine’s worker answers and reports', () => {
    const harness = renderPanel(DataPanel, DATABASE, 5, 1, true);
    const radio = (mode: string) =>
      harness.container.querySelector<HTMLInputElement>(`input[type=radio][value=${mode}]`)!;
    click(radio('sync'));
    // Sent, not answered: the engine still runs async, and the choice shows.
    expect(harness.sim.settings().database.replicationMode).toBe('sync');
    expect(playground.getState().run.engineSettings.database.replicationMode).toBe('async');
    expect(radio('sync').checked).toBe(true);
    expect(radio('async').checked).toBe(false);
    harness.answer();
    expect(radio('sync').checked).toBe(true);
    expect(playground.getState().run.pendingSettings).toEqual({});
  });

  it('puts a choice the worker refuses back to the engine’s value, with the reason', () => {
    const harness = renderPanel(DataPanel, DATABASE, 5, 1, true);
    const conflict = () =>
      byLabel(harness.container, 'Conflict mode') as unknown as HTMLSelectElement;
    act(() => {
      conflict().value = 'multi-primary-lww';
      conflict().dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(conflict().value).toBe('multi-primary-lww');
    harness.answer();
    expect(conflict().value).toBe('single-primary');
    expect(harness.container.querySelector('[role="alert"]')?.textContent).toContain(
      'fixed for a run',
    );
    expect(playground.getState().ui.notices.map((n) => n.text)).toEqual([
      expect.stringContaining('Could not set database.conflictMode=multi-primary-lww: '),
    ]);
  });

  it('draws the quorum and says whether W and R overlap', () => {
    const harness = renderPanel(DataPanel, DATABASE, 5);
    const caption = () =>
      harness.container.querySelector('.kp-quorum-figure figcaption')!.textContent;
    expect(caption()).toContain('overlapping: every read sees the latest write');
    typeAndEnter(byLabel(harness.container, 'W (write quorum)'), '1');
    typeAndEnter(byLabel(harness.container, 'R (read quorum)'), '1');
    expect(harness.sim.snapshot().database!.quorum.overlapping).toBe(false);
    expect(caption()).toContain('not overlapping: stale reads possible');
    expect(harness.container.querySelectorAll('svg.quorum-drawing g.quorum-copy')).toHaveLength(3);

    // The engine refuses W > N; the field says why and nothing changes.
    typeAndEnter(byLabel(harness.container, 'W (write quorum)'), '5');
    expect(harness.sim.settings().database.quorumW).toBe(1);
    expect(harness.container.querySelector('[role="alert"]')?.textContent).toContain(
      'quorum W (database.quorumW) must be a whole number from 1 to database.quorumN (3) (got 5)',
    );
  });

  it('shows the engine’s refusal beside the field when it comes later, from the engine’s worker', () => {
    const harness = renderPanel(DataPanel, DATABASE, 5, 1, true);
    const field = () => byLabel(harness.container, 'W (write quorum)')!;
    typeAndEnter(field(), '5');
    // Sent: the worker has not answered yet, so nothing is shown.
    expect(harness.container.querySelector('[role="alert"]')).toBeNull();
    harness.answer();
    expect(harness.sim.settings().database.quorumW).toBe(2);
    const alert = harness.container.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(
      'quorum W (database.quorumW) must be a whole number from 1 to database.quorumN (3) (got 5)',
    );
    // Beside its own field: the field is described by it.
    expect(field().getAttribute('aria-describedby')).toContain(alert!.id);
    expect(field().getAttribute('aria-invalid')).toBe('true');
    // A change the engine takes clears it.
    typeAndEnter(field(), '1');
    harness.answer();
    expect(harness.sim.settings().database.quorumW).toBe(1);
    expect(harness.container.querySelector('[role="alert"]')).toBeNull();
  });

  it('puts a refused choice back to the engine’s value', () => {
    const harness = renderPanel(DataPanel, DATABASE, 5);
    const conflict = byLabel(harness.container, 'Conflict mode') as unknown as HTMLSelectElement;
    act(() => {
      conflict.value = 'multi-primary-lww';
      conflict.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(harness.sim.settings().database.conflictMode).toBe('single-primary');
    expect(
      (byLabel(harness.container, 'Conflict mode') as unknown as HTMLSelectElement).value,
    ).toBe('single-primary');
    expect(harness.container.querySelector('[role="alert"]')?.textContent).toContain(
      'fixed for a run',
    );
  });

  it('shows split-brain writes when an isolated old primary keeps writing (fencing off)', () => {
    const harness = renderPanel(DataPanel, SPLIT_BRAIN, 100);
    const data = harness.sim.metrics().data!;
    expect(data.splitBrainWrites).toBeGreaterThan(0);
    expect(termValue(harness.container, 'Split-brain writes')).toBe(
      data.splitBrainWrites.toLocaleString('en-US'),
    );
    expect(harness.container.textContent).toContain('fencing off');
    expect(byRoleName(harness.container, 'switch', 'Fencing')!.ariaChecked).toBe('false');
  });

  it('lets the operator promote a replica in manual failover, and says what is pending', () => {
    const harness = renderPanel(DataPanel, MANUAL_FAILOVER, 40);
    expect(harness.container.querySelector('.kp-failover-phase')!.textContent).toMatch(
      /Primary db-a1 lost/,
    );
    click(byRoleName(harness.container, 'button', 'Promote db-b1'));
    expect(harness.applied).toEqual([{ type: 'promote', target: 'db-b1' }]);
    harness.advance(10);
    const failovers = harness.sim.metrics().data!.failovers;
    expect(failovers.map((f) => `${f.from}→${f.to}`)).toEqual(['db-a1→db-b1']);
    expect(harness.container.querySelector('.kp-failover-table')!.textContent).toContain(
      'db-a1 → db-b1',
    );
  });

  it('says when semi-sync replication has fallen back to async', () => {
    const semiSync: Scenario = {
      ...DATABASE,
      settings: {
        ...DATABASE.settings,
        database: { writeShare: 0.5, replicationMode: 'semi-sync', semiSyncTimeoutMs: 2000 },
      },
    };
    const harness = renderPanel(DataPanel, semiSync, 5);
    expect(harness.container.querySelector('.kp-db-status')!.textContent).not.toContain(
      'fell back',
    );
    click(byRoleName(harness.container, 'button', 'Kill db-b1'));
    click(byRoleName(harness.container, 'button', 'Kill db-c1'));
    harness.advance(5);
    expect(harness.sim.snapshot().database!.semiSyncFallback).toBe(true);
    expect(harness.container.querySelector('.kp-db-status')!.textContent).toContain(
      'semi-sync (fell back to async)',
    );
  });
});
