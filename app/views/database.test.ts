import { describe, expect, it } from 'vitest';
import {
  databaseNodeStatusLabel,
  type DatabaseNodeStatus,
  type DatabaseRole,
  type DatabaseView,
} from '../sim';
import {
  databaseDetailText,
  databaseLabelLines,
  databaseStateText,
  lagText,
  rebuildProgress,
  replicationModeText,
  streamLabel,
  wrapText,
} from './database';

const VIEW: DatabaseView = {
  nodes: [],
  streams: [],
  replicationMode: 'async',
  semiSyncFallback: false,
  quorum: { n: 3, w: 2, r: 2, overlapping: true },
  conflictMode: 'single-primary',
  failover: 'automatic',
  fencing: true,
  epoch: 1,
  leader: 'db-a1',
  primaries: ['db-a1'],
  clientPrimary: 'db-a1',
  failoverPhase: null,
  readsFrom: 'primary',
};

/** A node's state as the snapshot gives it: the state, its words and its role. */
const nodeState = (
  state: DatabaseNodeStatus,
  databaseRole: DatabaseRole,
  rebuildPercent?: number,
) => ({
  state,
  stateLabel: databaseNodeStatusLabel(state, rebuildPercent),
  databaseRole,
});

describe('database words', () => {
  it('writes lag in ms below a second and in seconds above', () => {
    expect(lagText(0.2)).toBe('0 ms');
    expect(lagText(27.4)).toBe('27 ms');
    expect(lagText(10_045)).toBe('10.0 s');
  });

  it('adds the role to the state unless the state says it', () => {
    expect(databaseStateText(nodeState('up', 'primary'))).toBe('up, primary');
    expect(databaseStateText(nodeState('isolated', 'primary'))).toBe('isolated, primary');
    expect(databaseStateText(nodeState('rebuilding', 'rebuilding', 40))).toBe('rebuilding 40%');
    expect(databaseStateText(nodeState('crashed', 'down'))).toBe('crashed');
  });

  it('labels streams by lag in time and writes, or why they stall', () => {
    const stream = { from: 'db-a1', to: 'db-b1', connected: true, lagMs: 27.1, lagWrites: 2 };
    expect(streamLabel(stream)).toBe('27 ms · 2 behind');
    expect(streamLabel({ ...stream, lagWrites: 0 })).toBe('caught up');
    expect(streamLabel({ ...stream, connected: false })).toBe('disconnected · 2 behind');
    expect(databaseDetailText({ databaseRole: 'replica', lagMs: 27.1, lagWrites: 2 })).toBe(
      '27 ms · 2 behind',
    );
    expect(databaseDetailText({ databaseRole: 'primary', appliedWrites: 51, lagWrites: 0 })).toBe(
      '51 writes',
    );
    expect(rebuildProgress({ state: 'rebuilding', rebuildPercent: 40 })).toBe(0.4);
    expect(rebuildProgress({ state: 'up' })).toBeNull();
  });

  it('names every replication mode', () => {
    expect(replicationModeText(VIEW)).toBe('asynchronous replication');
    expect(
      replicationModeText({ ...VIEW, replicationMode: 'semi-sync', semiSyncFallback: true }),
    ).toBe('semi-sync, fell back to async');
    expect(replicationModeText({ ...VIEW, replicationMode: 'quorum' })).toBe(
      'quorum N=3 W=2 R=2 (W+R>N)',
    );
    expect(replicationModeText({ ...VIEW, conflictMode: 'multi-primary-lww' })).toBe(
      'multi-primary · last writer wins',
    );
  });

  it('writes the mode, failover, split brain and phase near the cluster, wrapped', () => {
    const lines = databaseLabelLines(
      {
        ...VIEW,
        fencing: false,
        primaries: ['db-a1', 'db-b1'],
        failoverPhase: 'primary db-a1 lost: leader lease expires in 20 s',
      },
      32,
      6,
    );
    // Seven lines for six: the failover setting gives way, the phase stays whole.
    expect(lines.map((l) => l.tone)).toEqual([
      'title',
      'plain',
      'alarm',
      'alarm',
      'phase',
      'phase',
    ]);
    expect(lines[2]!.text).toBe('split brain: 2 primaries (db-a1,');
    expect(
      lines
        .filter((l) => l.tone === 'phase')
        .map((l) => l.text)
        .join(' '),
    ).toBe('primary db-a1 lost: leader lease expires in 20 s');
    for (const line of lines) expect(line.text.length).toBeLessThanOrEqual(32);
    expect(wrapText('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
  });

  it('keeps what is happening whole before the settings, however little room (review item 14)', () => {
    // Present cut "primary db-a1 lost: leader" mid-sentence: the phase came last.
    const phases = [
      'primary db-a1 lost: leader lease expires in 20 s',
      'primary db-a1 lost: waiting for an operator to promote a replica',
      'primary db-a1 lost: nobody has been alerted (monitoring off)',
    ];
    for (const failoverPhase of phases) {
      for (const width of [20, 26, 32, 44]) {
        const phaseLines = wrapText(failoverPhase, width).length;
        for (let maxLines = 1; maxLines <= 8; maxLines++) {
          const lines = databaseLabelLines({ ...VIEW, failoverPhase }, width, maxLines);
          expect(lines.length).toBeLessThanOrEqual(maxLines);
          const phase = lines.filter((l) => l.tone === 'phase').map((l) => l.text);
          // With room for the title and the phase, the phase is all there.
          if (maxLines >= phaseLines + 1) {
            expect(phase.join(' '), `${width}x${maxLines}`).toBe(failoverPhase);
            expect(lines[0]!.tone).toBe('title');
          }
          // A setting shows only where everything after it fits too.
          const settings = lines.filter((l) => l.tone === 'plain').length;
          if (settings > 0) expect(phase.join(' ')).toBe(failoverPhase);
        }
      }
    }
  });
});
