import { describe, expect, it } from 'vitest';
import { fitLinkLabel } from './linkLabels';

describe('fitLinkLabel', () => {
  const node = { x: 100, y: 0, width: 50, height: 40 };
  const place = { x: 95, y: 30, anchor: 'end' as const };

  it('keeps the whole label when it clears every node', () => {
    expect(fitLinkLabel(['9.8/s', 'cut'], [place], [node], 13).text).toBe('9.8/s · cut');
  });

  it('drops parts from the end, saying so, until it clears a node', () => {
    // Anchored at the left edge of a node's neighbour, growing left into `wall`.
    const wall = { x: 0, y: 0, width: 30, height: 40 };
    const fitted = fitLinkLabel(['9.8/s', '+200ms 20% loss'], [place], [wall], 13);
    expect(fitted.text).toBe('9.8/s …');
  });

  it('tries the next place (above both ends) before giving up, and is empty when nothing fits', () => {
    const between = { x: 60, y: 30, anchor: 'middle' as const };
    const lifted = { x: 60, y: -10, anchor: 'middle' as const };
    const sides = [
      { x: 0, y: 0, width: 45, height: 40 },
      { x: 75, y: 0, width: 45, height: 40 },
    ];
    const fitted = fitLinkLabel(['25.3/s'], [between, lifted], sides, 13);
    expect(fitted).toEqual({ text: '25.3/s', place: lifted });
    expect(fitLinkLabel(['25.3/s'], [between], sides, 13).text).toBe('');
  });
});
