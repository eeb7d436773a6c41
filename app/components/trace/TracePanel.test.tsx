// @vitest-environment jsdom
/**
 * The Trace tab: a button per user group asks the session for a trace, and the trace
 * the reports carry shows as a table whose rows say in words what each span was (the
 * waterfall's text alternative), in the order a reader follows the request.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_STORM, simulationInput, TWO_REGIONS } from '../../scenarios';
import { connectSession, playground, type SessionRequest } from '../../store';
import { usFromS, type RequestTrace, type Simulation } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { byRoleName, click, renderPanel, unmountPanels, type Harness } from '../app/panelHarness';
import { TracePanel } from './TracePanel';
import { traceRows } from './traceRows';

afterEach(unmountPanels);

/** Renders the tab with a session that traces in `harness.sim` and publishes the trace. */
function renderTrace(
  scenario = TWO_REGIONS,
  seconds = 2,
): {
  harness: Harness;
  sent: SessionRequest[];
  publish: () => void;
} {
  const harness = renderPanel(TracePanel, scenario, seconds);
  const sent: SessionRequest[] = [];
  const publish = () =>
    act(() =>
      playground.setState((s) => ({
        run: {
          ...s.run,
          components: harness.sim.components(),
          snapshot: harness.sim.snapshot(),
          trace: harness.sim.trace(),
        },
      })),
    );
  connectSession({
    send(request) {
      sent.push(request);
      if (request.type === 'trace') harness.sim.traceNext(request.from);
    },
  });
  publish();
  return { harness, sent, publish };
}

/** Runs the engine on until the trace is done. */
function runUntilTraced(sim: Simulation): RequestTrace {
  for (let i = 0; i < 1000; i++) {
    sim.runUntil(sim.now() + 10_000);
    const trace = sim.trace();
    if (trace?.status === 'done') return trace;
  }
  throw new Error('the trace never finished');
}

describe('the Trace tab', () => {
  it('offers one button per user group and asks the session to trace from it', () => {
    const { harness, sent, publish } = renderTrace();
    const button = byRoleName(harness.container, 'button', 'Trace the next request from users-us');
    expect(
      byRoleName(harness.container, 'button', 'Trace the next request from users-eu'),
    ).not.toBeNull();
    click(button);
    expect(sent.at(-1)).toEqual({ type: 'trace', from: 'users-us' });
    publish();
    expect(harness.container.textContent).toContain('Waiting for the next request from users-us.');
    click(byRoleName(harness.container, 'button', 'Stop tracing'));
    expect(sent.at(-1)).toEqual({ type: 'trace', from: null });
  });

  it("shows every span as a table row, in reading order, with the request's outcome", () => {
    const { harness, publish } = renderTrace(RETRY_STORM, 31);
    click(byRoleName(harness.container, 'button', 'Trace the next request from users'));
    const trace = runUntilTraced(harness.sim);
    publish();
    const rows = [...harness.container.querySelectorAll('table.trace-table tbody tr.trace-row')];
    expect(rows).toHaveLength(trace.spans.length);
    const ordered = traceRows(trace, harness.sim.now());
    rows.forEach((row, i) => {
      expect(row.querySelector('th')!.textContent).toBe(ordered[i]!.span.label);
      // Under each row, its bar, hidden from screen readers (the row says it in words).
      const bar = row.nextElementSibling!;
      expect(bar.getAttribute('aria-hidden')).toBe('true');
      expect(bar.querySelector('svg rect, svg path')).not.toBeNull();
    });
    // After payments fails at 30 s, a checkout fails, with its retries in words.
    expect(trace.outcome).not.toBe('ok');
    const text = harness.container.textContent!;
    expect(text).toContain('failed (');
    expect(text).toContain('backs off');
    expect(text).toContain('calls payments');
    expect(harness.container.querySelector('.trace-scroll')!.getAttribute('tabindex')).toBe('0');
  });
});

describe('a request picked in flight', () => {
  it('says from when it was traced and that earlier spans were not recorded; a refusal shows', () => {
    const { harness } = renderTrace(RETRY_STORM, 31);
    // The request the group sends next, picked on a second run of the same seed half way.
    harness.sim.traceNext('users');
    const whole = runUntilTraced(harness.sim);
    const pickedUs = Math.floor((whole.startUs! + whole.endUs!) / 2);
    const sim = createSimulation(simulationInput(RETRY_STORM), { seed: 1 });
    sim.runUntil(pickedUs);
    expect(sim.traceRequest(whole.requestId!)).toEqual({ ok: true });
    const followed = sim.trace()!;
    act(() =>
      playground.setState((s) => ({
        run: { ...s.run, snapshot: sim.snapshot(), trace: followed, traceRefusal: null },
      })),
    );
    const summary = harness.container.querySelector('.trace-summary')!.textContent!;
    expect(summary).toContain(
      `Traced from ${(pickedUs / 1e6).toFixed(2)} s, when it was picked in flight; earlier spans not recorded.`,
    );
    expect(summary).toContain('at the balancer recorded');
    expect(harness.container.querySelector('.trace-refusal')).toBeNull();
    const refusal =
      'request #7 is not in flight (it has finished or never started): pick a request still travelling';
    act(() => playground.setState((s) => ({ run: { ...s.run, traceRefusal: refusal } })));
    const shown = harness.container.querySelector('.trace-refusal')!;
    expect(shown.getAttribute('role')).toBe('status');
    expect(shown.textContent).toBe(refusal);
    // A request that had finished, recorded whole by a replay: the tab says so.
    act(() =>
      playground.setState((s) => ({
        run: { ...s.run, trace: { ...whole, replayed: true }, traceRefusal: null },
      })),
    );
    expect(harness.container.querySelector('.trace-summary')!.textContent).toContain(
      'It had already finished when it was picked (its dot replayed a short hop slowed down), so the run was replayed from 0:00',
    );
  });

  it('offers the keyboard a pick by part, and says when nothing is on the wire', () => {
    const { harness } = renderTrace();
    const select = harness.container.querySelector('.trace-pick select') as HTMLSelectElement;
    expect(select.labels?.[0]?.textContent).toBe('Request in flight nearest');
    expect([...select.options].map((o) => o.value)).toContain('lb-eu');
    // No diagram is drawn in this test: nothing to pick, and the tab says so.
    click(byRoleName(harness.container, 'button', 'Trace a request in flight'));
    expect(harness.container.querySelector('.trace-pick')!.textContent).toContain(
      'No request is on the wire now.',
    );
  });
});

describe('traceRows', () => {
  it('puts each span right after its parent, siblings in time order, on one time axis (5 seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = createSimulation(simulationInput(RETRY_STORM), { seed, trackMessages: false });
      sim.runUntil(usFromS(30) + seed * 100_000);
      sim.traceNext('users');
      const trace = runUntilTraced(sim);
      const rows = traceRows(trace, sim.now());
      expect(rows).toHaveLength(trace.spans.length);
      expect(rows[0]!.span.kind).toBe('request');
      expect(rows[0]!.x0).toBe(0);
      expect(rows[0]!.x1).toBe(1);
      const seen = new Set<number>();
      for (const row of rows) {
        if (row.span.parentId !== null) expect(seen.has(row.span.parentId)).toBe(true);
        seen.add(row.span.id);
        expect(row.x0).toBeGreaterThanOrEqual(0);
        expect(row.x1).toBeLessThanOrEqual(1);
        expect(row.startMs).toBe((row.span.startUs - trace.startUs!) / 1000);
      }
      const lastStartOf = new Map<number | null, number>();
      for (const row of rows) {
        expect(row.span.startUs).toBeGreaterThanOrEqual(lastStartOf.get(row.span.parentId) ?? 0);
        lastStartOf.set(row.span.parentId, row.span.startUs);
      }
    }
  });
});
