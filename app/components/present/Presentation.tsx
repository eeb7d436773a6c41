/**
 * Presentation mode: the diagram, the fault script and the availability figures big
 * enough for the back row, and a panel that says what comes next. A presenter remote
 * (Page Down / Page Up, or the arrows) jumps to just before the next or previous fault
 * of the script and plays from there; "." or "b" pauses; Escape leaves. The same moves
 * are buttons in the panel, for a mouse or a keyboard.
 */
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type RefObject,
} from 'react';
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
  // the tiles' names, for the story to call servers what the diagram calls them ("a1");
  // and whether the diagram's database label or the card shows the failover phase, which
  // the story then leaves to them (each fact once on the room's screen).
  const [cardNeeded, arcsQuiet, tileNames, phaseShown] = useMemo(() => {
    if (components.length === 0) return [false, false, new Map<string, string>(), false];
    const layout = topologyLayout(components, links, PRESENT_TARGET);
    const quiet = layout.links.some((l) => l.scope === 'replication' && l.quiet);
    const shortNames = new Map(layout.nodes.flatMap((n) => (n.short ? [[n.id, n.short]] : [])));
    const card = layout.databaseLabel === null && !quiet;
    return [card, quiet, shortNames, card || layout.databaseLabel !== null];
  }, [components, links]);
  const story = useMemo(
    () =>
      snapshot
        ? storyLine(snapshot, recentRequests, {
            tileNames,
            settings: engineSettings,
            failoverPhaseShown: phaseShown,
          })
        : null,
    [snapshot, recentRequests, tileNames, engineSettings, phaseShown],
  );
  const database = cardNeeded ? snapshot?.database : undefined;
  const storyRef = useRef<HTMLParagraphElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const budget = useSharedLineBudget(
    storyRef,
    listRef,
    `${story?.text ?? ''}|${recent[0]?.index ?? -1}|${database ? 'card' : ''}`,
  );
  return (
    <>
      {story && (
        <section className="panel presenter-now" aria-labelledby="presenter-now-title">
          <h2 id="presenter-now-title">Now</h2>
          {/* Cut to its lines of the budget, the whole sentence stays in the text (for screen
              readers) and in the title (for a pointer). */}
          <p
            ref={storyRef}
            className={`presenter-story tone-${story.tone}`}
            style={clampStyle(budget.storyLines)}
            title={budget.storyLines !== null ? story.text : undefined}
          >
            {story.text}
          </p>
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
      <RecentLog recent={recent} list={listRef} eventLines={budget.eventLines} />
    </>
  );
}

/** Lines shown of the story and of the latest event; null: all of it (or not measured yet). */
interface LineBudget {
  storyLines: number | null;
  eventLines: number | null;
}

/**
 * Cut after `lines` lines with an ellipsis (presentation.css sets the box's orientation and
 * hides the rest). Only while cut is it a -webkit-box: without a clamp such a box lays its
 * children out as a row, the event's time apart from its words.
 */
function clampStyle(lines: number | null): CSSProperties | undefined {
  return lines === null ? undefined : { display: '-webkit-box', WebkitLineClamp: lines };
}

/** The whole lines of `linePx` that `px` holds (a rounding error's worth short still counts). */
function linesIn(px: number, linePx: number): number {
  return Math.floor(px / linePx + 0.05);
}

/** Neither text cut: the phone's layout, where the page scrolls, or beside a lesson card. */
const UNCUT: LineBudget = { storyLines: null, eventLines: null };

/**
 * One budget of lines for the story and the latest event (issue 14: at 1280x720 a
 * database failover's long story left the event one cut line, "db-a1…"). The two share
 * the height the figures, the database card and the panels' headings leave in the side
 * column: the latest event keeps at least two whole lines (or all of its own, if fewer),
 * the story takes what remains down to one line, and the event takes what the story left.
 * Each is cut after its last whole line, with an ellipsis, never half a line off the screen.
 * Only in the room's one-screen layout, whose column hides what overflows. Null until laid out.
 */
function lineBudget(story: HTMLElement | null, list: HTMLOListElement | null): LineBudget | null {
  const event = list?.firstElementChild;
  const panel = list?.parentElement;
  const column = panel?.parentElement;
  if (!event || !panel || !column) return null;
  if (getComputedStyle(column).overflowY !== 'hidden' || panel.getClientRects().length === 0) {
    return UNCUT;
  }
  const eventLinePx = parseFloat(getComputedStyle(event).lineHeight);
  const storyLinePx = story ? parseFloat(getComputedStyle(story).lineHeight) : 0;
  if (!(eventLinePx > 0)) return null;
  // Every line of each, cut or not (a clamped box's scroll height holds them all).
  const eventAll = Math.max(1, Math.round(event.scrollHeight / eventLinePx));
  const storyAll =
    story && storyLinePx > 0 ? Math.max(1, Math.round(story.scrollHeight / storyLinePx)) : 0;
  // From the event's first line to the panel's inner bottom, plus the story's lines shown
  // now: everything else above the event keeps its height whatever the budget.
  const panelStyle = getComputedStyle(panel);
  const bottomPx =
    column.getBoundingClientRect().bottom -
    parseFloat(getComputedStyle(column).paddingBottom) -
    parseFloat(panelStyle.paddingBottom) -
    parseFloat(panelStyle.borderBottomWidth);
  const sharedPx =
    bottomPx - event.getBoundingClientRect().top + (story?.getBoundingClientRect().height ?? 0);
  const eventFloorPx = Math.min(2, eventAll) * eventLinePx;
  const storyLines =
    storyAll === 0
      ? 0
      : Math.max(1, Math.min(storyAll, linesIn(sharedPx - eventFloorPx, storyLinePx)));
  const eventLines = Math.max(
    1,
    Math.min(eventAll, linesIn(sharedPx - storyLines * storyLinePx, eventLinePx)),
  );
  return {
    storyLines: storyLines < storyAll ? storyLines : null,
    eventLines: eventLines < eventAll ? eventLines : null,
  };
}

function sameBudget(a: LineBudget, b: LineBudget): boolean {
  return a.storyLines === b.storyLines && a.eventLines === b.eventLines;
}

/**
 * `lineBudget` kept up to date: measured again when the column or the event's panel
 * changes size (the figures' lines, the database card coming or going, the window) and,
 * before paint, when `contentKey` (the texts) changes, so a new story never shows uncut.
 */
function useSharedLineBudget(
  story: RefObject<HTMLParagraphElement | null>,
  list: RefObject<HTMLOListElement | null>,
  contentKey: string,
): LineBudget {
  const [budget, setBudget] = useState<LineBudget>(UNCUT);
  useLayoutEffect(() => {
    const measure = () => {
      const next = lineBudget(story.current, list.current);
      if (next) setBudget((now) => (sameBudget(now, next) ? now : next));
    };
    measure();
    const panel = list.current?.parentElement;
    const column = panel?.parentElement;
    if (!panel || !column || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(column);
    observer.observe(panel);
    return () => observer.disconnect();
  }, [story, list, contentKey]);
  return budget;
}

function RecentLog(props: {
  recent: LogEntry[];
  list: RefObject<HTMLOListElement | null>;
  eventLines: number | null;
}) {
  const { recent, list, eventLines } = props;
  return (
    <section className="panel presenter-recent" aria-labelledby="presenter-recent-title">
      <h2 id="presenter-recent-title">Just happened</h2>
      <ol className="presenter-log" ref={list}>
        {recent.length === 0 && <li className="muted">Nothing yet.</li>}
        {recent.map((entry, i) => (
          <li key={entry.index} style={i === 0 ? clampStyle(eventLines) : undefined}>
            <span className="time">{formatSimTime(entry.atUs)}</span> {plainLogLine(entry)}
          </li>
        ))}
      </ol>
    </section>
  );
}
