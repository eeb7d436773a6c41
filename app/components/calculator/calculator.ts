/**
 * The availability calculator's model: stages in series, each a group of parts in
 * parallel (docs/reference.md, "Availability arithmetic"). The arithmetic is app/sim's own
 * `seriesAvailability` and `parallelAvailability`.
 */
import { parallelAvailability, seriesAvailability } from '../../sim';

/** One part: a name and its availability in percent, as typed. */
export interface CalcPart {
  id: number;
  name: string;
  /** The availability as typed, in percent ("99.95"). */
  percentText: string;
}

/** A stage: parts in parallel (any one working is enough). Stages are in series. */
export interface CalcStage {
  id: number;
  name: string;
  parts: CalcPart[];
}

/** A typed percentage as a fraction, or null when it is not a number in [0, 100]. */
export function parsePercent(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= 100 ? value / 100 : null;
}

/** A stage's availability: its parts in parallel; null if any part is invalid or none. */
export function stageAvailability(stage: CalcStage): number | null {
  const parts = stage.parts.map((p) => parsePercent(p.percentText));
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  return parallelAvailability(parts as number[]);
}

/** The whole system: every stage in series; null if any stage is invalid or none. */
export function totalAvailability(stages: readonly CalcStage[]): number | null {
  const each = stages.map(stageAvailability);
  if (each.length === 0 || each.some((a) => a === null)) return null;
  return seriesAvailability(each as number[]);
}

/**
 * The example of docs/reference.md, "Availability arithmetic": LB 99.99% x (3 servers at 99% in parallel) x DB
 * 99.95% = 99.940%, about 316 minutes of downtime a year.
 */
export function referenceExample(): CalcStage[] {
  return [
    { id: 1, name: 'Load balancer', parts: [{ id: 2, name: 'LB', percentText: '99.99' }] },
    {
      id: 3,
      name: 'App servers',
      parts: [
        { id: 4, name: 'server 1', percentText: '99' },
        { id: 5, name: 'server 2', percentText: '99' },
        { id: 6, name: 'server 3', percentText: '99' },
      ],
    },
    { id: 7, name: 'Database', parts: [{ id: 8, name: 'DB', percentText: '99.95' }] },
  ];
}

/** The next free id across stages and parts. */
export function nextId(stages: readonly CalcStage[]): number {
  let max = 0;
  for (const s of stages) {
    max = Math.max(max, s.id);
    for (const p of s.parts) max = Math.max(max, p.id);
  }
  return max + 1;
}
