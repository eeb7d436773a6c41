/**
 * Presentation mode: the diagram, the fault script and the availability figures big
 * enough for the back row, and a panel that says what comes next. A presenter remote
 * (Page Down / Page Up, or the arrows) jumps to just before the next or previous fault
 * of the script and plays from there; "." or "b" pauses; Escape leaves. The same moves
 * are buttons in the panel, for a mouse or a keyboard.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { describeCommand, formatSimTime, type LogEntry } from '../../sim';
import {
  followReportsForAutoPause,
  nextJump,
  playground,
  presentNext,
  presentPrevious,
  setAutoPause,
  togglePlay,
  type PresenterJump,
} from '../../store';
import { leavePresentation } from './PresentButton';
import { plainLogLine } from './plainLog';
import { isField, noNextFaultText, presenterKeyAction } from './presentation';
import { usePlayground } from '../app/usePlayground';
import { databaseLabelLines, streamLabel } from '../../views/database';
import { storyLine } from '../../views/story';
import { PRESENT_TARGET, topologyLayout } from '../../views/layout';
import './presentation.css';

/** Log lines the panel shows: what just happened, readable from the back of the room. */
const RECENT_LINES = 4;

function jumpText(jump: PresenterJump | null, direction: 'next' | 'previous'): string {
  if (!jump) return 'End of the fault script: nothing more is scheduled.';
  if (!jump.entry) return 'Back to the start of the run.';
  const what = `${describeCommand(jump.entry.command)} at ${formatSimTime(jump.entry.atUs)}`;
  return direction === 'next'
    ? `Playing from ${formatSimTime(jump.atUs)}: ${what} comes next.`
    : `Back to ${formatSimTime(jump.atUs)}, just before ${what}.`;
}

/**
 * The presenter's strip under the header: the next fault, Previous / Next buttons, what
 * the last jump did (announced politely), and the remote's keys, which it listens for.
 */
export function PresenterBar() {
  const script = usePlayground((s) => s.run.script);
  const nowUs = usePlayground((s) => s.run.snapshot?.nowUs ?? 0);
  // A lesson pauses at its own moments (and waits for the learner); it is not a demo script.
  const inLesson = usePlayground((s) => s.ui.lesson !== null);
  const [message, setMessage] = useState('');
  // Issue 14: a scripted demo stops at its key moment, the instant a fault applies. The
  // store decides from the run's reports (presenter.ts); this strip shows it.
  const pauseAtFaults = usePlayground((s) => s.ui.autoPause.enabled);
  const pausedEntry = usePlayground((s) => s.ui.autoPause.pausedAt);
  const pausedAt = pausedEntry
    ? `Paused just after ${describeCommand(pausedEntry.command)} at ${formatSimTime(pausedEntry.atUs)}. Press B (or .) to play on.`
    : null;
  useEffect(() => followReportsForAutoPause(), []);

  // Buttons and keys do the same: jump, and say where the jump landed.
  const [next, previous] = useMemo(
    () => [
      () => setMessage(jumpText(presentNext(), 'next')),
      () => setMessage(jumpText(presentPrevious(), 'previous')),
    ],
    [],
  );

  // Bound before the strip is painted (a layout effect): a remote's key pressed the moment
  // "Next fault" shows must already work (a passive effect may run frames later on a busy
  // machine, and CI's worker.spec caught that key being lost).
  useLayoutEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const action = presenterKeyAction(event, isField(document.activeElement));
      if (!action) return;
      // Escape belongs to an open menu first. (In full screen most browsers keep the first
      // Escape to themselves: it ends full screen, the next one leaves presentation mode.)
      if (action === 'leave' && playground.getState().ui.menuFor) return;
      event.preventDefault();
      if (action === 'next') next();
      else if (action === 'previous') previous();
      else if (action === 'toggle-play') togglePlay();
      else leavePresentation();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [next, previous]);

  // A jump publishes a report, so the snapshot's time is where the run now is.
  const upcoming = nextJump(script, nowUs);

  return (
    <section className="presenter-bar" aria-label="Presenter">
      <p className="presenter-next">
        {pausedAt ? (
          <strong>{pausedAt}</strong>
        ) : upcoming?.entry ? (
          <>
            Next fault: <strong>{describeCommand(upcoming.entry.command)}</strong> at{' '}
            {formatSimTime(upcoming.entry.atUs)}
          </>
        ) : (
          noNextFaultText(script.length)
        )}
      </p>
      <div className="presenter-buttons">
        {/* Only where there is a fault to pause at (the choice is kept meanwhile). */}
        {!inLesson && script.length > 0 && (
          <label className="presenter-autopause">
            <input
              type="checkbox"
              checked={pauseAtFaults}
              onChange={(event) => setAutoPause(event.target.checked)}
            />{' '}
            Pause at each fault
          </label>
        )}
        <button type="button" className="button" onClick={previous}>
          <span aria-hidden="true">◀ </span>Previous fault
        </button>
        <button type="button" className="button primary" onClick={next} disabled={!upcoming}>
          Next fault<span aria-hidden="true"> ▶</span>
        </button>
      </div>
      {/* The next-fault line shows where a jump landed; this says it to a screen reader. */}
      <p className="visually-hidden" role="status">
        {pausedAt ?? message}
      </p>
      <p className="presenter-keys">
        <kbd>Page Down</kbd>/<kbd>→</kbd> next · <kbd>Page Up</kbd>/<kbd>←</kbd> previous ·{' '}
        <kbd>B</kbd>/<kbd>.</kbd> pause · <kbd>Esc</kbd> leave
      </p>
    </section>
  );
}

/** Characters a line of the database card holds in the side column. */
const DATABASE_CARD_CHARS = 34;

/**
 * The story now in one plain sentence (views/story.ts), the database's mode and failover
 * phase (the room's diagram leaves them out to keep its labels large), then what just
 * happened, the latest event largest.
 */
export function RecentEvents() {
  const log = usePlayground((s) => s.run.log);
  const snapshot = usePlayground((s) => s.run.snapshot);
  // Newest first: the latest event, largest, can never be the one cut off at the bottom.
  const recent: LogEntry[] = log.slice(-RECENT_LINES).reverse();
  const recentRequests = usePlayground((s) => s.run.metrics?.window60s);
  const engineSettings = usePlayground((s) => s.run.engineSettings);
  const components = usePlayground((s) => s.run.components);
  const links = usePlayground((s) => s.run.links);
  // The card only when the room's diagram left the database's lines out, and the
  // streams' lag under the story when the replication arcs went without labels (layout.ts);
  // the tiles' names, for the story to call servers what the diagram calls them ("a1").
  const [cardNeeded, arcsQuiet, tileNames] = useMemo(() => {
    if (components.length === 0) return [false, false, new Map<string, string>()];
    const layout = topologyLayout(components, links, PRESENT_TARGET);
    const quiet = layout.links.some((l) => l.scope === 'replication' && l.quiet);
    const shortNames = new Map(layout.nodes.flatMap((n) => (n.short ? [[n.id, n.short]] : [])));
    return [layout.databaseLabel === null && !quiet, quiet, shortNames];
  }, [components, links]);
  const story = useMemo(
    () => (snapshot ? storyLine(snapshot, recentRequests, tileNames, engineSettings) : null),
    [snapshot, recentRequests, tileNames, engineSettings],
  );
  const database = cardNeeded ? snapshot?.database : undefined;
  return (
    <>
      {story && (
        <section className="panel presenter-now" aria-labelledby="presenter-now-title">
          <h2 id="presenter-now-title">Now</h2>
          <p className={`presenter-story tone-${story.tone}`}>{story.text}</p>
          {/* How far behind each stream is (the lag in ms is for the laptop; "disconnected"
              stays), here: a card of its own would push "Just happened" off 1280x720. */}
          {arcsQuiet && snapshot?.database && (
            <ul className="presenter-streams" aria-label="Replication">
              {snapshot.database.streams.map((stream) => (
                <li key={`${stream.from}->${stream.to}`}>
                  {stream.from} → {stream.to}: {streamLabel(stream).replace(/^\d.* · /, '')}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {database && (
        <section className="panel presenter-database" aria-label="Database">
          <ul>
            {databaseLabelLines(database, DATABASE_CARD_CHARS, 5).map((line, i) => (
              <li key={i} className={`tone-${line.tone}`}>
                {line.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <RecentLog recent={recent} />
    </>
  );
}

/**
 * Whole lines of the latest event that fit the room the story and the figures leave
 * (the panel takes what is left of the column): the event is cut after its last whole
 * line, with an ellipsis, never half a line off the screen. Null until measured.
 */
function useLinesThatFit(list: React.RefObject<HTMLOListElement | null>): number | null {
  const [lines, setLines] = useState<number | null>(null);
  useEffect(() => {
    const panel = list.current?.parentElement;
    if (!panel || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const first = list.current?.firstElementChild;
      if (!first) return;
      const lineHeightPx = parseFloat(getComputedStyle(first).lineHeight);
      const bottomPx =
        panel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(panel).paddingBottom);
      const roomPx = bottomPx - first.getBoundingClientRect().top;
      if (lineHeightPx > 0) setLines(Math.max(1, Math.floor(roomPx / lineHeightPx + 0.05)));
    });
    observer.observe(panel);
    return () => observer.disconnect();
  }, [list]);
  return lines;
}

function RecentLog({ recent }: { recent: LogEntry[] }) {
  const list = useRef<HTMLOListElement>(null);
  const lines = useLinesThatFit(list);
  return (
    <section className="panel presenter-recent" aria-labelledby="presenter-recent-title">
      <h2 id="presenter-recent-title">Just happened</h2>
      <ol className="presenter-log" ref={list}>
        {recent.length === 0 && <li className="muted">Nothing yet.</li>}
        {recent.map((entry, i) => (
          <li
            key={entry.index}
            style={i === 0 && lines !== null ? { WebkitLineClamp: lines } : undefined}
          >
            <span className="time">{formatSimTime(entry.atUs)}</span> {plainLogLine(entry)}
          </li>
        ))}
      </ol>
    </section>
  );
}
