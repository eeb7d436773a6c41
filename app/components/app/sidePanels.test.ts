import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { panelFromParams, panelLinkProblem, SIDE_GROUPS, SIDE_PANELS } from './sidePanels';

describe('the side column groups', () => {
  it('keep every panel reachable once, in a few groups whose labels are not panel labels', () => {
    const ids = SIDE_PANELS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'charts',
      'lessons',
      'slo',
      'defences',
      'data',
      'settings',
      'compare',
      'calculator',
      'share',
      'cli',
    ]) {
      expect(ids, id).toContain(id);
    }
    expect(SIDE_GROUPS.length).toBeLessThanOrEqual(5);
    const panelLabels = new Set(SIDE_PANELS.map((p) => p.label));
    for (const group of SIDE_GROUPS) {
      expect(group.panels.length, group.id).toBeGreaterThan(0);
      // The same name twice would make "the tab named X" ambiguous, to people and to tests.
      expect(panelLabels.has(group.label), group.label).toBe(false);
    }
  });
});

describe('panelFromParams', () => {
  it('opens a panel named by `panel`, in its group', () => {
    expect(panelFromParams('settings', null)).toEqual({ groupId: 'design', panelId: 'settings' });
    expect(panelFromParams('cli', null)).toEqual({ groupId: 'share', panelId: 'cli' });
    expect(panelFromParams('slo', null)).toEqual({ groupId: 'observe', panelId: 'slo' });
  });

  it('opens a group named by `panel` on its first panel', () => {
    expect(panelFromParams('learn', null)).toEqual({ groupId: 'learn', panelId: 'lessons' });
  });

  it('opens the lessons for a challenge link, whatever `panel` says', () => {
    expect(panelFromParams(null, 'retry-storm')).toEqual({ groupId: 'learn', panelId: 'lessons' });
    expect(panelFromParams('charts', 'retry-storm')).toEqual({
      groupId: 'learn',
      panelId: 'lessons',
    });
  });

  it('keeps the default for no link or an unknown panel', () => {
    expect(panelFromParams(null, null)).toBeNull();
    expect(panelFromParams('no-such-panel', null)).toBeNull();
  });
});

describe('panelLinkProblem', () => {
  const allIds = [...SIDE_PANELS.map((p) => p.id), ...SIDE_GROUPS.map((g) => g.id)];

  it('says nothing for no panel or any known panel or group', () => {
    expect(panelLinkProblem(null)).toBeNull();
    for (const id of allIds) expect(panelLinkProblem(id)).toBeNull();
  });

  it('names any other value and every allowed id, in one sentence (fast-check)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const problem = panelLinkProblem(value);
        expect(problem === null).toBe(panelFromParams(value, null) !== null);
        if (problem === null) return;
        expect(problem).toContain(`"${value}"`);
        for (const id of allIds) expect(problem).toContain(id);
      }),
    );
  });
});
