/**
 * The Trace tab (issue 13, "Follow one request"): the learner asks for the next
 * request from a group of users and sees its path as a waterfall: the DNS answer, each
 * attempt and the client's backoff, the balancer's tries and backoffs, the server's
 * queue wait and work, calls to payments with the breaker's decisions, the database,
 * timeouts and the outcome, in simulated milliseconds. The engine records it (only for
 * that request); this tab draws what the reports carry.
 *
 * One table is both the waterfall and its text: every row says in words what happened,
 * when, for how long and how it ended, and under it an SVG bar (hidden from screen
 * readers, which have the words) draws it on the request's time axis, so neither colour
 * nor the bars are needed to read it.
 */
import { Fragment, useEffect, useId, useState } from 'react';
import type { ComponentKind, TraceSpanKind } from '../../sim';
import { play, step, traceNextRequest } from '../../store';
import { usePlayground } from '../app/usePlayground';
import { armDotClicks, pickDotNear } from '../diagram/dotPicking';
import {
  followedNote,
  formatTraceMs,
  outcomeWords,
  traceRows,
  traceSummary,
  type TraceRow,
} from './traceRows';
import './trace.css';

/** Which family a row's bar belongs to (its CSS class: fill and pattern differ). */
const FAMILY: Record<TraceSpanKind, string> = {
  request: 'whole',
  attempt: 'client',
  'client-backoff': 'wait',
  dns: 'mark',
  try: 'balancer',
  'balancer-backoff': 'wait',
  queue: 'wait',
  work: 'server',
  'dependency-call': 'dependency',
  'server-backoff': 'wait',
  breaker: 'mark',
  database: 'database',
  timeout: 'mark',
  lost: 'mark',
  'no-answer': 'mark',
  'fast-fail': 'mark',
  fallback: 'mark',
  'gave-up': 'mark',
};

/** A row's bar: a rectangle on the shared time axis, or a diamond for an instant. */
function Bar(props: { row: TraceRow }) {
  const { row } = props;
  const family = FAMILY[row.span.kind];
  const failed =
    row.span.outcome !== null && row.span.outcome !== 'ok' && row.span.outcome !== 'degraded';
  const className = `trace-bar trace-${family}${failed ? ' trace-failed' : ''}${row.open ? ' trace-open' : ''}`;
  const percent = (f: number) => `${(f * 100).toFixed(2)}%`;
  return (
    <svg className="trace-bar-svg" aria-hidden="true" focusable="false">
      {row.instant ? (
        <svg x={percent(row.x0)} y="50%" overflow="visible">
          <path className={className} d="M 0 -5 L 5 0 L 0 5 L -5 0 Z" />
        </svg>
      ) : (
        <rect
          className={className}
          x={percent(row.x0)}
          y={1}
          width={percent(Math.max(0.004, row.x1 - row.x0))}
          height={8}
        />
      )}
    </svg>
  );
}

export function TracePanel() {
  const components = usePlayground((s) => s.run.components);
  const trace = usePlayground((s) => s.run.trace);
  const playing = usePlayground((s) => s.run.playing);
  const nowUs = usePlayground((s) => s.run.snapshot?.nowUs ?? 0);
  const captionId = useId();
  const groups = components.filter((c) => c.kind === 'users');
  const rows = trace ? traceRows(trace, nowUs) : [];
  const refusal = usePlayground((s) => s.run.traceRefusal);
  const note = trace ? followedNote(trace) : null;
  // While this tab shows, a click on a moving dot follows its request.
  useEffect(() => armDotClicks(), []);

  return (
    <section className="trace-panel" aria-labelledby={`${captionId}-h`}>
      <h2 id={`${captionId}-h`} className="trace-title">
        Follow one request
      </h2>
      <p className="hint">
        Trace the next request a group of users sends, or, while this tab is open, click a moving
        dot on the diagram to follow that request: every step it takes, with simulated times.
        Tracing changes nothing in the run.
      </p>
      <div className="trace-actions">
        {groups.map((group) => (
          <button
            key={group.id}
            type="button"
            className="button small"
            onClick={() => traceNextRequest(group.id)}
          >
            Trace the next request from {group.id}
          </button>
        ))}
        {trace && (
          <button type="button" className="button small" onClick={() => traceNextRequest(null)}>
            Stop tracing
          </button>
        )}
      </div>
      <PickInFlight />
      {refusal && (
        <p className="trace-refusal" role="status">
          {refusal}
        </p>
      )}
      {trace && (
        <p className="trace-summary" role="status">
          {traceSummary(trace, nowUs)}
          {note && (
            <>
              {' '}
              <span className="trace-followed">{note}</span>
            </>
          )}
          {trace.status === 'waiting' && !playing && (
            <>
              {' '}
              The run is paused:{' '}
              <button type="button" className="button small" onClick={play}>
                play
              </button>{' '}
              or{' '}
              <button type="button" className="button small" onClick={step}>
                step
              </button>{' '}
              to send one.
            </>
          )}
        </p>
      )}
      {rows.length > 0 && (
        <div className="trace-scroll" tabIndex={0} role="region" aria-labelledby={`${captionId}-c`}>
          <table className="trace-table">
            <caption id={`${captionId}-c`}>
              Waterfall of {trace!.spans[0]!.label}: times in simulated milliseconds from its start
            </caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Starts</th>
                <th scope="col">Takes</th>
                <th scope="col">Ends</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Fragment key={row.span.id}>
                  <tr className={`trace-row trace-depth-${row.span.depth}`}>
                    <th scope="row" style={{ paddingLeft: `${0.3 + row.span.depth * 0.6}rem` }}>
                      {row.span.label}
                    </th>
                    <td className="num">+{formatTraceMs(row.startMs)}</td>
                    <td className="num">
                      {row.instant ? 'instant' : formatTraceMs(row.durationMs)}
                      {row.open ? ' so far' : ''}
                    </td>
                    <td>{row.open ? '… in progress' : outcomeWords(row.span.outcome)}</td>
                  </tr>
                  {/* The bar: the same facts drawn, so hidden from screen readers. */}
                  <tr className="trace-bar-row" aria-hidden="true">
                    <td colSpan={4}>
                      <Bar row={row} />
                    </td>
                  </tr>
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Parts a request travels to or from (dots are on their links). */
const PICK_NEAR: ReadonlySet<ComponentKind> = new Set([
  'users',
  'balancer',
  'server',
  'dependency',
]);

/**
 * The keyboard's way to pick a dot (and the pointer's, when dots are hard to hit): the
 * request on the wire nearest a chosen part of the diagram is followed. One select and
 * one button, rather than a tab stop for each of hundreds of moving dots.
 */
function PickInFlight() {
  const components = usePlayground((s) => s.run.components);
  const parts = components.filter((c) => PICK_NEAR.has(c.kind));
  const [partId, setPartId] = useState<string | null>(null);
  const [missed, setMissed] = useState<string | null>(null);
  const selectId = useId();
  if (parts.length === 0) return null;
  const chosen = parts.find((p) => p.id === partId)?.id ?? parts[0]!.id;
  const pick = () => {
    const picked = pickDotNear(chosen);
    setMissed(
      picked === null
        ? `No request is on the wire now. Play the run (or step it) and try again.`
        : null,
    );
  };
  return (
    <div className="trace-pick">
      <label htmlFor={selectId}>Request in flight nearest</label>{' '}
      <select id={selectId} value={chosen} onChange={(e) => setPartId(e.target.value)}>
        {parts.map((p) => (
          <option key={p.id} value={p.id}>
            {p.id}
          </option>
        ))}
      </select>{' '}
      <button type="button" className="button small" onClick={pick}>
        Trace a request in flight
      </button>
      {missed && (
        <p className="hint" role="status">
          {missed}
        </p>
      )}
    </div>
  );
}
