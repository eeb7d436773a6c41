/**
 * The session in a module Web Worker: the engine off the main thread, so the page only
 * draws. This file does not import the engine: it stays out of the first load.
 */
import type { SessionEvent, SessionRequest } from '../store/sessionProtocol';

/** How the page reaches the session (a worker, or in process: transport.ts). */
export interface SessionTransport {
  send(request: SessionRequest): void;
  /** Calls `listener` with every event; returns an unsubscribe function. */
  onEvent(listener: (event: SessionEvent) => void): () => void;
  /** Stops the session (a worker is terminated). */
  close(): void;
}

/**
 * The session in a module Web Worker (engine.worker.ts, its own chunk: not part of the
 * first load). `onError` hears a worker that failed to start or crashed.
 */
export function workerTransport(onError: (message: string) => void): SessionTransport {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'nines-engine',
  });
  const listeners = new Set<(event: SessionEvent) => void>();
  worker.addEventListener('message', (message: MessageEvent<SessionEvent>) => {
    for (const listener of [...listeners]) listener(message.data);
  });
  worker.addEventListener('error', (error) => {
    onError(error.message || 'the engine worker failed to start');
  });
  return {
    send: (request) => worker.postMessage(request),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => worker.terminate(),
  };
}
