/** React access to the playground store: `usePlayground((s) => s.run.speed)`. */
import { useStore } from 'zustand';
import { playground, type PlaygroundState } from '../../store';

export function usePlayground<T>(selector: (state: PlaygroundState) => T): T {
  return useStore(playground, selector);
}
