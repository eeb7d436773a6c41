/**
 * A small drawing of a quorum (Dynamo N, W, R; docs/reference.md "Replication and quorums"): N copies in a
 * row, the write set (the first W) bracketed above and the read set (the last R)
 * bracketed below. Taking opposite ends is the worst case: a read that asks the R
 * copies a write reached last. They share a copy exactly when W + R > N, which the
 * engine reports as `overlapping`.
 */
import { select } from 'd3';

export interface QuorumData {
  n: number;
  w: number;
  r: number;
  /** From the engine (W + R > N): every read quorum meets every write quorum. */
  overlapping: boolean;
}

/** One copy in the drawing and the sets it belongs to. */
export interface QuorumCopy {
  /** 1-based copy number, as labelled. */
  number: number;
  inWrite: boolean;
  inRead: boolean;
}

/** Copies 1..N: the write set is the first W, the read set the last R. */
export function quorumCopies(n: number, w: number, r: number): QuorumCopy[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => ({
    number: i + 1,
    inWrite: i < w,
    inRead: i >= n - r,
  }));
}

/** A sentence for assistive technology, e.g. "3 copies; a write waits for copies 1–2 ...". */
export function quorumDescription(q: QuorumData): string {
  const copies = quorumCopies(q.n, q.w, q.r);
  const shared = copies.filter((c) => c.inWrite && c.inRead).length;
  const range = (from: number, to: number) =>
    from === to ? `copy ${from}` : `copies ${from}–${to}`;
  return (
    `${q.n} ${q.n === 1 ? 'copy' : 'copies'}: a write waits for ${range(1, Math.min(q.w, q.n))}, ` +
    `a read asks ${range(Math.max(1, q.n - q.r + 1), q.n)}; ` +
    (shared > 0
      ? `${shared} ${shared === 1 ? 'copy is' : 'copies are'} in both, so they overlap.`
      : 'no copy is in both, so they do not overlap.')
  );
}

const STEP_PX = 44;
const RADIUS_PX = 14;
const MARGIN_X_PX = 70;
const BRACKET_W_Y = 22;
const NODE_Y = 58;
const BRACKET_R_Y = 94;
const HEIGHT_PX = 116;

/** Draws (or redraws) the quorum into `svg`. Joins are keyed by copy number. */
export function renderQuorum(svg: SVGSVGElement, q: QuorumData): void {
  const copies = quorumCopies(q.n, q.w, q.r);
  const width = MARGIN_X_PX * 2 + Math.max(1, q.n - 1) * STEP_PX;
  const x = (number: number) => MARGIN_X_PX + (number - 1) * STEP_PX;
  const root = select(svg)
    .attr('viewBox', `0 0 ${width} ${HEIGHT_PX}`)
    .attr('role', 'img')
    .attr('aria-label', quorumDescription(q))
    .classed('quorum-drawing', true)
    .classed('overlapping', q.overlapping);

  const nodes = root
    .selectAll<SVGGElement, QuorumCopy>('g.quorum-copy')
    .data(copies, (c) => String(c.number))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'quorum-copy');
      g.append('circle').attr('r', RADIUS_PX);
      g.append('text').attr('class', 'quorum-copy-number').attr('dy', '0.35em');
      return g;
    })
    .attr('transform', (c) => `translate(${x(c.number)},${NODE_Y})`)
    .classed('in-write', (c) => c.inWrite)
    .classed('in-read', (c) => c.inRead)
    .classed('in-both', (c) => c.inWrite && c.inRead);
  nodes.select('text.quorum-copy-number').text((c) => String(c.number));

  const brackets = [
    {
      id: 'write',
      count: Math.min(q.w, q.n),
      from: 1,
      y: BRACKET_W_Y,
      dir: 1,
      label: `W = ${q.w}`,
    },
    {
      id: 'read',
      count: Math.min(q.r, q.n),
      from: Math.max(1, q.n - q.r + 1),
      y: BRACKET_R_Y,
      dir: -1,
      label: `R = ${q.r}`,
    },
  ];
  root
    .selectAll<SVGGElement, (typeof brackets)[number]>('g.quorum-bracket')
    .data(brackets, (b) => b.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', (b) => `quorum-bracket quorum-bracket-${b.id}`);
      g.append('path');
      g.append('text').attr('class', 'quorum-bracket-label');
      return g;
    })
    .each(function (b) {
      const g = select(this);
      const x1 = x(b.from) - RADIUS_PX;
      const x2 = x(b.from + b.count - 1) + RADIUS_PX;
      const tick = 7 * b.dir;
      g.select('path').attr('d', `M${x1},${b.y + tick}V${b.y}H${x2}V${b.y + tick}`);
      g.select('text')
        .attr('x', x1 - 6)
        .attr('y', b.y)
        .attr('dy', '0.35em')
        .attr('text-anchor', 'end')
        .text(b.label);
    });
}
