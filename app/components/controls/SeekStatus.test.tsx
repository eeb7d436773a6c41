// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectSession,
  initialState,
  playground,
  receiveSessionEvent,
  seekTo,
  type SessionRequest,
} from '../../store';
import { SeekStatus } from './Timeline';

const S = 1_000_000;
let requests: SessionRequest[];
let root: Root | null = null;
let container: HTMLElement;

beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  playground.setState(initialState(), true);
  requests = [];
  connectSession({ send: (request) => void requests.push(request) });
  container = document.createElement('div');
  document.body.append(container);
  act(() => {
    root = createRoot(container);
    root.render(createElement(SeekStatus));
  });
});
afterEach(() => {
  act(() => root?.unmount());
  container.remove();
  connectSession(null);
});

describe('SeekStatus', () => {
  it('shows a running seek’s progress, stops it on request, and goes when it is done', () => {
    expect(container.textContent).toBe('');
    act(() => void seekTo(40 * S));
    const seek = requests.find((r) => r.type === 'seek');
    expect(seek).toEqual({ type: 'seek', seekId: expect.any(Number), targetUs: 40 * S });
    const seekId = seek!.type === 'seek' ? seek!.seekId : -1;
    const progress = () => container.querySelector('progress')!;
    expect(progress().value).toBe(0);
    act(() =>
      receiveSessionEvent({
        type: 'seek-progress',
        runId: 0,
        seekId,
        atUs: 10 * S,
        targetUs: 40 * S,
      }),
    );
    expect(progress().value / progress().max).toBeCloseTo(0.25);
    expect(container.textContent).toContain('Running to 0:40.0, at 0:10.0');
    act(() => container.querySelector('button')!.click());
    expect(requests.at(-1)).toEqual({ type: 'cancel-seek' });
    act(() => receiveSessionEvent({ type: 'seek-done', runId: 0, seekId, cancelled: true }));
    expect(container.textContent).toBe('');
  });
});
