// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ONE_REGION } from '../../scenarios';
import { simulateChunk } from '../../sim/chaos/yearsChunks';
import type { YearsChunkRequest, YearsWorkerLike, YearsWorkerMessage } from '../../driver/years';
import { click, renderPanel, typeAndEnter, unmountPanels } from '../app/panelHarness';
import { YearsPanel } from './YearsPanel';
import { createYearsRunner } from './yearsRunner';

afterEach(() => {
  unmountPanels();
  vi.useRealTimers();
});

/** Workers that run their stretch in this thread when the fake clock moves (or never). */
function fakeWorkers(answer: boolean) {
  const made: { terminated: boolean; posted: number }[] = [];
  const createWorker = (): YearsWorkerLike => {
    const record = { terminated: false, posted: 0 };
    made.push(record);
    const worker: YearsWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message: YearsChunkRequest) {
        record.posted++;
        if (!answer) return;
        setTimeout(() => {
          const send = (data: YearsWorkerMessage) => worker.onmessage?.({ data });
          const { chunk } = message;
          const part = simulateChunk(message.topology, message.settings, chunk, (yearsDone) =>
            send({ type: 'year', index: chunk.index, yearsDone }),
          );
          send({ type: 'part', index: chunk.index, part });
        }, 1);
      },
      terminate() {
        record.terminated = true;
      },
    };
    return worker;
  };
  return { made, createWorker };
}

const input = (container: HTMLElement) =>
  container.querySelector<HTMLInputElement>('.years-form input')!;
const submit = (container: HTMLElement) =>
  container.querySelector<HTMLButtonElement>('.years-form button[type="submit"]')!;

describe('YearsPanel', () => {
  it('refuses a number of years outside 1..1,000 inline, with the range, and cannot start', () => {
    const { made, createWorker } = fakeWorkers(false);
    const runner = createYearsRunner({ createWorker, hardwareConcurrency: () => 2 });
    const { container } = renderPanel(() => <YearsPanel runner={runner} />, ONE_REGION, 1);
    for (const bad of ['0', '1001', '2.5', 'ten']) {
      typeAndEnter(input(container), bad);
      const alert = container.querySelector('[role="alert"]');
      expect(alert?.textContent, bad).toContain('a whole number from 1 to 1,000');
      expect(input(container).getAttribute('aria-invalid')).toBe('true');
      expect(input(container).getAttribute('aria-describedby')).toContain(alert!.id);
      expect(submit(container).disabled).toBe(true);
    }
    expect(made).toHaveLength(0);
    typeAndEnter(input(container), '7');
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(submit(container).textContent).toBe('Simulate 7 years');
  });

  it('runs, fills the progress bar, and shows the results with their counts and no fake zero', () => {
    vi.useFakeTimers();
    const { made, createWorker } = fakeWorkers(true);
    const runner = createYearsRunner({ createWorker, hardwareConcurrency: () => 4 });
    const { container } = renderPanel(() => <YearsPanel runner={runner} />, ONE_REGION, 1);
    typeAndEnter(input(container), '7'); // two stretches: 5 + 2 years
    click(submit(container));
    expect(made).toHaveLength(2); // four cores, but only two stretches
    const bar = container.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuemax')).toBe('7');
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    act(() => vi.runAllTimers());
    expect(bar.getAttribute('aria-valuenow')).toBe('7');
    expect(container.querySelector('[role="status"]')!.textContent).toContain(
      'Simulated 7 years of',
    );
    expect(made.every((w) => w.terminated)).toBe(true);
    const text = container.querySelector('.years-results')!.textContent!;
    expect(text).toContain('no database in this design');
    expect(text).toContain('over 7 years');
    expect(text).toContain('Only 7 years'); // a small run says so
    expect(container.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toMatch(
      /^Histogram of 7 simulated years/,
    );
    expect(container.querySelector('.cost-summary')).not.toBeNull();
  });

  it('Cancel terminates every worker and keeps the run marked as cancelled', () => {
    const { made, createWorker } = fakeWorkers(false);
    const runner = createYearsRunner({ createWorker, hardwareConcurrency: () => 3 });
    const { container } = renderPanel(() => <YearsPanel runner={runner} />, ONE_REGION, 1);
    typeAndEnter(input(container), '100');
    click(submit(container));
    expect(made).toHaveLength(3);
    expect(made.every((w) => w.posted === 1 && !w.terminated)).toBe(true);
    const cancel = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Cancel',
    );
    click(cancel!);
    expect(made.every((w) => w.terminated)).toBe(true);
    expect(runner.getState().status).toBe('cancelled');
    expect(container.querySelector('[role="status"]')!.textContent).toBe(
      'Cancelled after 0 of 100 years.',
    );
  });
});

describe('YearsPanel on a short run of a design dominated by a rare failure', () => {
  it('shows expected against drawn failures by kind and warns that the region outage was rarely expected', () => {
    vi.useFakeTimers();
    const { createWorker } = fakeWorkers(true);
    const runner = createYearsRunner({ createWorker, hardwareConcurrency: () => 1 });
    const { container } = renderPanel(() => <YearsPanel runner={runner} />, ONE_REGION, 1);
    typeAndEnter(input(container), '3');
    click(submit(container));
    act(() => vi.runAllTimers());
    const text = container.querySelector('.years-results')!.textContent!;
    // One region with MTBF 10 years: 3 years expect 0.3 region outages.
    expect(text).toMatch(/region 0\.3 expected, \d+ drawn/);
    const note = container.querySelector('.years-rare[role="note"]');
    expect(note?.textContent).toMatch(/^A region outage .* expected 0\.3 times in 3 years/);
  });
});
