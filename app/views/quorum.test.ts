// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { quorumCopies, quorumDescription, renderQuorum } from './quorum';

function svg(): SVGSVGElement {
  return document.createElementNS('http://www.w3.org/2000/svg', 'svg');
}

describe('quorumCopies', () => {
  it('puts the write set first and the read set last: Dynamo (3, 2, 2) shares copy 2', () => {
    const copies = quorumCopies(3, 2, 2);
    expect(copies.map((c) => [c.number, c.inWrite, c.inRead])).toEqual([
      [1, true, false],
      [2, true, true],
      [3, false, true],
    ]);
  });

  it('shares no copy when W + R <= N', () => {
    const copies = quorumCopies(5, 2, 3);
    expect(copies.filter((c) => c.inWrite && c.inRead)).toEqual([]);
    expect(copies.filter((c) => c.inWrite)).toHaveLength(2);
    expect(copies.filter((c) => c.inRead)).toHaveLength(3);
  });
});

describe('quorumDescription', () => {
  it('says which copies each side uses and whether they meet', () => {
    expect(quorumDescription({ n: 3, w: 2, r: 2, overlapping: true })).toBe(
      '3 copies: a write waits for copies 1–2, a read asks copies 2–3; 1 copy is in both, so they overlap.',
    );
    expect(quorumDescription({ n: 3, w: 1, r: 1, overlapping: false })).toBe(
      '3 copies: a write waits for copy 1, a read asks copy 3; no copy is in both, so they do not overlap.',
    );
  });
});

describe('renderQuorum', () => {
  it('draws N copies, both brackets, and marks the shared ones', () => {
    const el = svg();
    renderQuorum(el, { n: 3, w: 2, r: 2, overlapping: true });
    expect(el.getAttribute('role')).toBe('img');
    expect(el.getAttribute('aria-label')).toContain('1 copy is in both');
    expect(el.querySelectorAll('g.quorum-copy')).toHaveLength(3);
    expect(el.querySelectorAll('g.quorum-copy.in-both')).toHaveLength(1);
    expect(el.querySelector('.quorum-bracket-write text')?.textContent).toBe('W = 2');
    expect(el.querySelector('.quorum-bracket-read text')?.textContent).toBe('R = 2');
    expect(el.classList.contains('overlapping')).toBe(true);
  });

  it('redraws in place when N, W or R change (keyed by copy number)', () => {
    const el = svg();
    renderQuorum(el, { n: 3, w: 2, r: 2, overlapping: true });
    const first = el.querySelector('g.quorum-copy');
    renderQuorum(el, { n: 5, w: 2, r: 2, overlapping: false });
    expect(el.querySelectorAll('g.quorum-copy')).toHaveLength(5);
    expect(el.querySelector('g.quorum-copy')).toBe(first);
    expect(el.querySelectorAll('g.quorum-copy.in-both')).toHaveLength(0);
    expect(el.querySelectorAll('g.quorum-bracket')).toHaveLength(2);
    expect(el.classList.contains('overlapping')).toBe(false);
    const labels = [...el.querySelectorAll('g.quorum-copy text')].map((t) => t.textContent);
    expect(labels).toEqual(['1', '2', '3', '4', '5']);
  });
});
