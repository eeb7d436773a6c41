/**
 * The design editor's undo and redo: a stack of designs (a cloud and the run's start
 * settings) behind the one on screen and a stack ahead of it. Pure: each step returns a
 * new history, so the editor, the keyboard and tests share one rule.
 */
import type { TopologySpec } from '../../sim';
import type { StartSetting } from '../../store';

/** What one editor step changes: the cloud and the settings the run starts with. */
export interface Design {
  topology: TopologySpec;
  startSettings: readonly StartSetting[];
}

export interface DesignHistory {
  /** Designs before the current one, oldest first. */
  past: readonly Design[];
  /** Designs undone, the next redo last. */
  future: readonly Design[];
}

/** Most steps kept to undo: enough for a session, bounded for memory. */
export const UNDO_STEPS_MAX = 100;

export const EMPTY_HISTORY: DesignHistory = { past: [], future: [] };

/** The history after moving from `current` to a new design: redo is cleared. */
export function recordStep(history: DesignHistory, current: Design): DesignHistory {
  return { past: [...history.past, current].slice(-UNDO_STEPS_MAX), future: [] };
}

/** The design to go back to and the history after it, or null with nothing to undo. */
export function undoStep(
  history: DesignHistory,
  current: Design,
): { design: Design; history: DesignHistory } | null {
  const design = history.past[history.past.length - 1];
  if (!design) return null;
  return {
    design,
    history: { past: history.past.slice(0, -1), future: [...history.future, current] },
  };
}

/** The design to go forward to and the history after it, or null with nothing to redo. */
export function redoStep(
  history: DesignHistory,
  current: Design,
): { design: Design; history: DesignHistory } | null {
  const design = history.future[history.future.length - 1];
  if (!design) return null;
  return {
    design,
    history: { past: [...history.past, current], future: history.future.slice(0, -1) },
  };
}

/** True when two designs are the same cloud with the same start settings. */
export function sameDesign(a: Design, b: Design): boolean {
  return (
    JSON.stringify(a.topology) === JSON.stringify(b.topology) &&
    JSON.stringify(a.startSettings) === JSON.stringify(b.startSettings)
  );
}

/** Ctrl/Cmd+Z is undo, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redo; null for any other key. */
export function undoKey(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return null;
}
