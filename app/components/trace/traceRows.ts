/**
 * The Trace tab's waterfall as rows: a request's spans in reading order (each span
 * followed by what happened inside it, siblings in time order), with their times in
 * milliseconds from the request's start and their place on a shared time axis.
 */
import type { RequestTrace, TraceOutcome, TraceSpan, TraceSpanKind } from '../../sim';

export interface TraceRow {
  span: TraceSpan;
  /** Milliseconds from the request's start to the span's start. */
  startMs: number;
  /** Milliseconds the span lasted (0 for an instant); so far, while it is open. */
  durationMs: number;
  /** The span is still open (the request is still being recorded). */
  open: boolean;
  /** An instant: a timeout firing, a breaker decision, a lost message, a DNS answer. */
  instant: boolean;
  /** Left and right edges on the time axis, 0..1. */
  x0: number;
  x1: number;
}

/** Kinds drawn as instants even if they were recorded with a length. */
const INSTANTS: ReadonlySet<TraceSpanKind> = new Set([
  'dns',
  'breaker',
  'timeout',
  'lost',
  'no-answer',
  'fast-fail',
  'fallback',
  'gave-up',
]);

/**
 * The rows of `trace` as of `nowUs` (open spans run to it). Empty until the traced
 * request has started.
 */
export function traceRows(trace: RequestTrace, nowUs: number): TraceRow[] {
  if (trace.startUs === null || trace.spans.length === 0) return [];
  const startUs = trace.startUs;
  const endOf = (s: TraceSpan): number => s.endUs ?? Math.max(nowUs, s.startUs);
  const lastUs = Math.max(startUs, ...trace.spans.map(endOf));
  const spanUs = Math.max(1, lastUs - startUs);
  const children = new Map<number, TraceSpan[]>();
  for (const span of trace.spans) {
    if (span.parentId === null) continue;
    const list = children.get(span.parentId) ?? [];
    list.push(span);
    children.set(span.parentId, list);
  }
  const rows: TraceRow[] = [];
  const visit = (span: TraceSpan): void => {
    const endUs = endOf(span);
    rows.push({
      span,
      startMs: (span.startUs - startUs) / 1000,
      durationMs: (endUs - span.startUs) / 1000,
      open: span.endUs === null,
      instant: INSTANTS.has(span.kind) || endUs === span.startUs,
      x0: (span.startUs - startUs) / spanUs,
      x1: (endUs - startUs) / spanUs,
    });
    const inside = (children.get(span.id) ?? [])
      .slice()
      .sort((a, b) => a.startUs - b.startUs || a.id - b.id);
    for (const child of inside) visit(child);
  };
  for (const root of trace.spans.filter((s) => s.parentId === null)) visit(root);
  return rows;
}

/** An outcome in words (the table's column; colour is never the only sign). */
export function outcomeWords(outcome: TraceOutcome | null): string {
  switch (outcome) {
    case null:
      return '';
    case 'ok':
      return '✓ answered';
    case 'degraded':
      return '◐ degraded answer';
    case 'timeout':
      return '⏱ timed out';
    case 'refused':
      return '✗ refused';
    case 'error':
      return '✗ error';
    case 'shed':
      return '✗ shed';
    case 'circuit-open':
      return '✗ breaker open';
    case 'abandoned':
      return '… nobody waits';
  }
}

/** A millisecond figure: one decimal under 10 ms, whole milliseconds above. */
export function formatTraceMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-GB')} ms`;
}

/** One sentence for the whole trace (the summary and the SVG's accessible name). */
export function traceSummary(trace: RequestTrace, nowUs: number): string {
  if (trace.status === 'waiting') return `Waiting for the next request from ${trace.from}.`;
  const request = trace.spans[0]!;
  const attempts = trace.spans.filter((s) => s.kind === 'attempt').length;
  const tries = trace.spans.filter((s) => s.kind === 'try').length;
  const recorded = trace.followedFromUs === null ? '' : ' recorded';
  const counts = `${attempts} attempt${attempts === 1 ? '' : 's'}, ${tries} tr${tries === 1 ? 'y' : 'ies'} at the balancer${recorded}`;
  if (trace.status === 'recording') {
    const soFar = (nowUs - trace.startUs!) / 1000;
    return `Following ${request.label}: ${formatTraceMs(soFar)} so far, ${counts}.`;
  }
  const totalMs = (trace.endUs! - trace.startUs!) / 1000;
  const how =
    trace.outcome === 'ok'
      ? 'succeeded'
      : trace.outcome === 'degraded'
        ? 'got a degraded answer'
        : `failed (${trace.outcome})`;
  return `${request.label[0]!.toUpperCase()}${request.label.slice(1)} ${how} after ${formatTraceMs(totalMs)}: ${counts}.`;
}

/** Simulated seconds with two decimals ("12.30 s"). */
const formatS = (us: number): string => `${(us / 1e6).toFixed(2)} s`;

/**
 * For a request picked on the diagram: from when it was traced and what of its past is
 * and is not there, or that a replay recorded it whole. Null for a trace recorded from
 * the request's start as it happened.
 */
export function followedNote(trace: RequestTrace): string | null {
  if (trace.replayed) {
    return 'It had already finished when it was picked (its dot replayed a short hop slowed down), so the run was replayed from 0:00 with the same seed and commands to record it whole.';
  }
  if (trace.followedFromUs === null) return null;
  return `Traced from ${formatS(trace.followedFromUs)}, when it was picked in flight; earlier spans not recorded. Its start (${formatS(trace.startUs!)}) and the attempt, try, queue wait, call or backoff under way then come from its records, with their true start times.`;
}
