import { describe, expect, it } from 'vitest';
import { ONE_REGION } from '../../scenarios';
import { editTopology } from '../../scenarios/design';
import type { TopologySpec } from '../../sim';
import {
  EMPTY_HISTORY,
  recordStep,
  redoStep,
  sameDesign,
  undoKey,
  undoStep,
  UNDO_STEPS_MAX,
  type Design,
} from './designHistory';

const design = (topology: TopologySpec, workers?: number): Design => ({
  topology,
  startSettings: workers === undefined ? [] : [{ path: 'server.workers', value: workers }],
});

describe('design history', () => {
  it('undoes and redoes steps in order, and a new step clears redo', () => {
    const a = design(ONE_REGION.topology);
    const next = editTopology(ONE_REGION.topology, { type: 'add-server', zone: 'eu-a' });
    if (typeof next === 'string') throw new Error(next);
    const b = design(next);
    const c = design(next, 8);
    let history = recordStep(EMPTY_HISTORY, a); // a -> b
    history = recordStep(history, b); // b -> c
    const back = undoStep(history, c)!;
    expect(sameDesign(back.design, b)).toBe(true);
    const back2 = undoStep(back.history, back.design)!;
    expect(sameDesign(back2.design, a)).toBe(true);
    expect(undoStep(back2.history, back2.design)).toBeNull();
    const forward = redoStep(back2.history, back2.design)!;
    expect(sameDesign(forward.design, b)).toBe(true);
    // A new step from b drops c from redo.
    const branched = recordStep(forward.history, forward.design);
    expect(redoStep(branched, design(ONE_REGION.topology, 2))).toBeNull();
  });

  it('keeps a bounded number of steps', () => {
    let history = EMPTY_HISTORY;
    for (let i = 0; i < UNDO_STEPS_MAX + 20; i++)
      history = recordStep(history, design(ONE_REGION.topology, i + 1));
    expect(history.past).toHaveLength(UNDO_STEPS_MAX);
    expect(history.past[0]!.startSettings[0]!.value).toBe(21);
  });

  it('maps Ctrl/Cmd+Z to undo and Shift+Z or Ctrl+Y to redo, nothing else', () => {
    const key = (
      k: string,
      mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
    ) =>
      undoKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('z', { metaKey: true })).toBe('undo');
    expect(key('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
    expect(key('z')).toBeNull();
    expect(key('z', { ctrlKey: true, altKey: true })).toBeNull();
    expect(key('x', { ctrlKey: true })).toBeNull();
  });
});
