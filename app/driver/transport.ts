/**
 * How the page reaches the session: through a Web Worker (the engine off the main
 * thread, so the page only draws), or in process with the same messages (unit tests,
 * and a browser without module workers). Both deliver events in the order sent.
 */
import type { SessionEvent } from '../store/sessionProtocol';
import { createSession, type SessionOptions } from './session';
import type { SessionTransport } from './workerTransport';

export type { SessionTransport } from './workerTransport';

/**
 * The session in this thread: a request is handled, and its events delivered, before
 * `send` returns. A seek runs to its end at once unless `yieldBetweenChunks` is given.
 */
export function inProcessTransport(options?: SessionOptions): SessionTransport {
  const listeners = new Set<(event: SessionEvent) => void>();
  let closed = false;
  const session = createSession((event) => {
    if (closed) return;
    for (const listener of [...listeners]) listener(event);
  }, options);
  return {
    send(request) {
      if (!closed) session.handle(request);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      session.handle({ type: 'cancel-seek' });
      session.handle({ type: 'cancel-judge' });
      closed = true;
      listeners.clear();
    },
  };
}
