/**
 * A "Simulate N years" worker (years.ts): runs each stretch of years it is sent in fluid
 * mode and posts its years as they finish and its result at the end.
 */
import { simulateChunk } from '../sim/chaos/yearsChunks';
import type { YearsChunkRequest, YearsWorkerMessage } from './years';

const scope = self as unknown as {
  postMessage(message: YearsWorkerMessage): void;
  addEventListener(
    type: 'message',
    listener: (message: MessageEvent<YearsChunkRequest>) => void,
  ): void;
};

scope.addEventListener('message', ({ data }) => {
  const { index } = data.chunk;
  try {
    const part = simulateChunk(data.topology, data.settings, data.chunk, (yearsDone) =>
      scope.postMessage({ type: 'year', index, yearsDone }),
    );
    scope.postMessage({ type: 'part', index, part });
  } catch (error) {
    scope.postMessage({ type: 'error', index, message: String(error) });
  }
});
