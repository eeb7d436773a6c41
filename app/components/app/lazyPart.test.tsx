// @vitest-environment jsdom
import { act, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyPart } from './lazyPart';

// React's act() warns unless the environment says it is a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement;

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

function mount(Part: ReturnType<typeof lazyPart>): void {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(<Part />));
}

/** A load the test settles by hand, like a chunk still on the network. */
function pendingLoad() {
  let resolve!: (value: () => ReactElement) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<() => ReactElement>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { load: () => promise, resolve, reject };
}

describe('lazyPart', () => {
  it('says what is loading while its code arrives, then shows the part', async () => {
    const pending = pendingLoad();
    mount(lazyPart('the lessons', pending.load));
    const status = container.querySelector('[role="status"]');
    expect(status?.textContent).toBe('Loading the lessons…');

    await act(async () => pending.resolve(() => <p>Lesson list</p>));
    expect(container.textContent).toBe('Lesson list');
    expect(container.querySelector('[role="status"]')).toBeNull();
  });

  it('says it could not load, and what to do, when the code cannot arrive', async () => {
    const pending = pendingLoad();
    mount(lazyPart('the calculator', pending.load));
    await act(async () =>
      pending.reject(new TypeError('Failed to fetch dynamically imported module')),
    );
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe(
      'Could not load the calculator: check the connection, then reload the page.',
    );
  });

  it('loads the code once, however often the part is shown', async () => {
    let loads = 0;
    const Part = lazyPart('the charts', async () => {
      loads += 1;
      return () => <p>Charts</p>;
    });
    mount(Part);
    await act(async () => {});
    act(() => root!.unmount());
    mount(Part);
    await act(async () => {});
    expect(container.textContent).toBe('Charts');
    expect(loads).toBe(1);
  });

  it('passes its props to the part (the Add fault form takes a callback)', async () => {
    const Part = lazyPart('the form', async () => (props: { word: string }) => <p>{props.word}</p>);
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    act(() => root!.render(<Part word="kill" />));
    await act(async () => {});
    expect(container.textContent).toBe('kill');
  });
});
