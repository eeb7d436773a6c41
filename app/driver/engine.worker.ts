/**
 * The engine's Web Worker: one session, fed by the page's requests, posting its events
 * back. Seeks yield between chunks through a MessageChannel (a zero-delay task, not
 * clamped like nested timers), so a newer request gets in and can cancel them.
 */
import type { SessionEvent, SessionRequest } from '../store/sessionProtocol';
import { createSession } from './session';

const scope = self as unknown as {
  postMessage(event: SessionEvent): void;
  addEventListener(
    type: 'message',
    listener: (message: MessageEvent<SessionRequest>) => void,
  ): void;
};

const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();

const session = createSession((event) => scope.postMessage(event), {
  yieldBetweenChunks: (resume) => {
    waiting.push(resume);
    channel.port2.postMessage(null);
  },
});

scope.addEventListener('message', (message) => session.handle(message.data));
