/**
 * Words for the database tier on the diagram: a node's role, a replication stream's
 * lag, and the cluster's mode and failover phase. Pure functions of the snapshot's
 * `database` view, so tests can check them without drawing.
 */
import type { ComponentView, DatabaseView, ReplicationStreamView } from '../sim';

/** "27 ms", "1.2 s": a lag in the unit a learner reads at a glance. */
export function lagText(lagMs: number): string {
  if (!Number.isFinite(lagMs)) return '';
  if (lagMs < 1) return '0 ms';
  if (lagMs < 1000) return `${Math.round(lagMs)} ms`;
  return `${(lagMs / 1000).toFixed(1)} s`;
}

/** Role word of a database node: `primary`, `replica`, `rebuilding` or `down`. */
export function databaseRoleText(view: Pick<ComponentView, 'databaseRole'>): string {
  return view.databaseRole ?? 'replica';
}

/**
 * The state part of a database node's accessible name: its state word, then its role
 * unless the state already says it, e.g. `up, primary`, `isolated, primary`,
 * `rebuilding 40%`, `crashed`.
 */
export function databaseStateText(
  view: Pick<ComponentView, 'state' | 'stateLabel' | 'databaseRole'>,
): string {
  const role = view.databaseRole;
  if (!role || role === 'down' || view.state === role) return view.stateLabel;
  return `${view.stateLabel}, ${role}`;
}

/** What a node holds or lacks: "2051 writes" for a primary, "27 ms · 2 behind" for a replica. */
export function databaseDetailText(
  view: Pick<ComponentView, 'databaseRole' | 'lagMs' | 'lagWrites' | 'appliedWrites'>,
): string {
  if (view.databaseRole === 'primary' && !view.lagWrites) {
    return `${view.appliedWrites ?? 0} writes`;
  }
  if (view.databaseRole === 'down') return '';
  const behind = view.lagWrites ?? 0;
  if (behind === 0) return 'caught up';
  return `${lagText(view.lagMs ?? 0)} · ${behind} behind`;
}

/** A rebuild 40% done -> 0.4; null when the node is not rebuilding. */
export function rebuildProgress(
  view: Pick<ComponentView, 'state' | 'rebuildPercent'> | undefined,
): number | null {
  if (view?.state !== 'rebuilding') return null;
  return Math.min(1, (view.rebuildPercent ?? 0) / 100);
}

/** The label of a replication stream: its lag in time and in writes, or why it is stalled. */
export function streamLabel(stream: ReplicationStreamView): string {
  const behind = `${stream.lagWrites} behind`;
  if (!stream.connected) return `disconnected · ${behind}`;
  if (stream.lagWrites === 0) return 'caught up';
  return `${lagText(stream.lagMs)} · ${behind}`;
}

/** The streams travelling on the link between `a` and `b`, in either direction (0 to 2). */
export function streamsBetween(
  database: DatabaseView | undefined,
  a: string,
  b: string,
): ReplicationStreamView[] {
  return (database?.streams ?? []).filter(
    (s) => (s.from === a && s.to === b) || (s.from === b && s.to === a),
  );
}

/** The replication mode in words, e.g. "async replication", "quorum N=3 W=2 R=2 (overlap)". */
export function replicationModeText(database: DatabaseView): string {
  if (database.conflictMode !== 'single-primary') {
    return 'multi-primary · last writer wins';
  }
  switch (database.replicationMode) {
    case 'semi-sync':
      return database.semiSyncFallback
        ? 'semi-sync, fell back to async'
        : 'semi-synchronous replication';
    case 'sync':
      return 'synchronous replication';
    case 'quorum': {
      const { n, w, r, overlapping } = database.quorum;
      return `quorum N=${n} W=${w} R=${r} (${overlapping ? 'W+R>N' : 'W+R≤N: stale reads'})`;
    }
    default:
      return 'asynchronous replication';
  }
}

/** Breaks `text` into lines of at most `width` characters, at spaces. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface DatabaseLabelLine {
  text: string;
  /** Drawn bold (the title) or as an alarm (split brain). */
  tone: 'title' | 'plain' | 'phase' | 'alarm';
}

/**
 * The lines written near the cluster: mode, failover and fencing, the failover phase
 * in progress, and a warning while two nodes act as primary in single-primary mode.
 * At most `maxLines`, each at most `width` characters. Short of room, the settings
 * (failover and fencing, then the replication mode) give way before what is happening:
 * cutting from the end cut the failover phase mid-sentence ("primary db-a1 lost:
 * leader" in Present, review item 14).
 */
export function databaseLabelLines(
  database: DatabaseView,
  width: number,
  maxLines: number,
): DatabaseLabelLine[] {
  /** Each line with the rank it keeps its place by: lower ranks give way first. */
  const lines: Array<DatabaseLabelLine & { rank: number }> = [
    { text: 'Database', tone: 'title', rank: 2 },
    { text: replicationModeText(database), tone: 'plain', rank: 1 },
  ];
  if (database.conflictMode === 'single-primary') {
    lines.push({
      text: `${database.failover} failover · fencing ${database.fencing ? 'on' : 'off'}`,
      tone: 'plain',
      rank: 0,
    });
    if (database.primaries.length > 1) {
      lines.push({
        text: `split brain: ${database.primaries.length} primaries (${database.primaries.join(', ')})`,
        tone: 'alarm',
        rank: 3,
      });
    }
    if (database.failoverPhase) {
      lines.push({ text: database.failoverPhase, tone: 'phase', rank: 3 });
    }
  } else {
    lines.push({
      text: `primaries: ${database.primaries.join(', ') || 'none'}`,
      tone: 'plain',
      rank: 3,
    });
  }
  const wrapped = lines.map((line) => ({ line, texts: wrapText(line.text, width) }));
  const count = () => wrapped.reduce((sum, w) => sum + w.texts.length, 0);
  for (let rank = 0; rank < 3 && count() > maxLines; rank++) {
    for (let i = wrapped.length - 1; i >= 0 && count() > maxLines; i--) {
      if (wrapped[i]!.line.rank === rank) wrapped.splice(i, 1);
    }
  }
  return wrapped
    .flatMap(({ line, texts }) => texts.map((text) => ({ text, tone: line.tone })))
    .slice(0, maxLines)
    .map((line) => ({
      ...line,
      text: line.text.length > width ? `${line.text.slice(0, width - 1)}…` : line.text,
    }));
}
