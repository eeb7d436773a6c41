/**
 * The fault script under the diagram: a timeline strip (simulated time, one marker
 * per script entry, a "now" cursor), the details of a marker with its Remove action,
 * an "Add fault" form, and Replay. Every command the user applies by hand is recorded
 * in the script at the instant it was applied, so Replay reproduces the session.
 */
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { commandCategory, describeCommand, formatSimTime } from '../../sim';
import {
  cancelSeek,
  engineNowUs,
  removeScriptEntry,
  replay,
  replayTo,
  type ScriptEntry,
  type ScriptOrigin,
} from '../../store';
import { renderTimeline, type TimelineMarker } from '../../views/timeline';
import type { FormMessage } from './AddFaultForm';
import { lazyPart } from '../app/lazyPart';
import { usePlayground } from '../app/usePlayground';
import { useNarrowScreen } from '../app/useMediaQuery';
import './timeline.css';

/** A phone's smallest touch target (WCAG 2.5.5, Apple's HIG), in CSS pixels. */
const PHONE_TARGET_PX = 44;

// The form loads just after the first screen (it sits below the fold): the first load
// stays small (issue 12).
const AddFaultForm = lazyPart('the Add fault form', () =>
  import('./AddFaultForm').then((m) => m.AddFaultForm),
);

/** The accessible name of a script entry's marker. */
function markerName(entry: ScriptEntry, nowUs: number): string {
  const status = entry.atUs > nowUs ? 'scheduled' : 'applied';
  return `fault at ${formatSimTime(entry.atUs)}: ${describeCommand(entry.command)} (${status})`;
}

/**
 * Time of the last entry applied by `nowUs` (-1 before the first): a script is in time
 * order, so every entry at or before it is applied and every later one scheduled.
 */
function lastAppliedUs(script: readonly ScriptEntry[], nowUs: number): number {
  let applied = -1;
  for (const entry of script) {
    if (entry.atUs > nowUs) break;
    applied = entry.atUs;
  }
  return applied;
}

const ORIGIN_TEXT: Record<ScriptOrigin, string> = {
  scenario: 'From the scenario’s own script (Reset keeps it).',
  added: 'Added to the script (Reset keeps it).',
  recorded: 'Recorded from your action on the diagram or in the settings (Reset drops it).',
};

/** A message under the form: news (polite) or a refusal (an alert). */

export function Timeline() {
  const script = usePlayground((s) => s.run.script);
  const nowUs = usePlayground((s) => s.run.snapshot?.nowUs ?? 0);
  const runId = usePlayground((s) => s.run.runId);
  const phone = useNarrowScreen();
  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState({ widthPx: 0, fontPx: 16 });
  const [openId, setOpenId] = useState<number | null>(null);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const focusAfterRender = useRef<number | 'replay' | null>(null);
  const replayRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const hintId = useId();

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const measure = () => {
      const fontPx = parseFloat(getComputedStyle(box).fontSize) || 16;
      setSize({ widthPx: box.clientWidth, fontPx });
    };
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    measure();
    return () => observer.disconnect();
  }, []);

  // A new run closes any open details (its entries may be gone).
  const [seenRunId, setSeenRunId] = useState(runId);
  if (seenRunId !== runId) {
    setSeenRunId(runId);
    setOpenId(null);
  }
  const open = openId === null ? null : (script.find((e) => e.id === openId) ?? null);

  const onActivate = useCallback((id: number) => {
    setOpenId((current) => (current === id ? null : id));
  }, []);

  // The markers change when the script does or an entry is applied, not every frame:
  // the renderer then only moves the cursor (cheap with thousands of entries).
  const appliedUpToUs = lastAppliedUs(script, nowUs);
  const markers = useMemo(
    (): TimelineMarker[] =>
      script.map((entry) => ({
        id: entry.id,
        atUs: entry.atUs,
        label: describeCommand(entry.command),
        name: markerName(entry, appliedUpToUs),
        category: commandCategory(entry.command),
        scheduled: entry.atUs > appliedUpToUs,
      })),
    [script, appliedUpToUs],
  );

  useLayoutEffect(() => {
    const svg = svgRef.current;
    if (!svg || size.widthPx === 0) return;
    const heightPx = renderTimeline(
      svg,
      {
        markers,
        nowUs,
        widthPx: size.widthPx,
        fontPx: size.fontPx,
        selectedId: open?.id ?? null,
        minTargetPx: phone ? PHONE_TARGET_PX : undefined,
      },
      { onActivate },
    );
    boxRef.current?.style.setProperty('--tl-height', `${heightPx}px`);
    const wanted = focusAfterRender.current;
    focusAfterRender.current = null;
    if (wanted === 'replay') replayRef.current?.focus();
    else if (wanted !== null) markerElement(svg, wanted)?.focus();
  }, [markers, nowUs, size, open?.id, onActivate, phone]);

  const closeDetails = (returnFocus: boolean) => {
    const id = openId;
    setOpenId(null);
    if (returnFocus && id !== null) markerElement(svgRef.current, id)?.focus();
  };

  const remove = (entry: ScriptEntry) => {
    const index = script.findIndex((e) => e.id === entry.id);
    const neighbour = script[index + 1] ?? script[index - 1];
    const { scheduled } = removeScriptEntry(entry.id);
    const what = `${describeCommand(entry.command)} at ${formatSimTime(entry.atUs)}`;
    setMessage({
      kind: 'info',
      text: scheduled
        ? `Removed ${what}: it will not happen.`
        : `Removed ${what} from the script. This run already applied it; Replay from start runs without it.`,
    });
    setOpenId(null);
    focusAfterRender.current = neighbour ? neighbour.id : 'replay';
  };

  const replayLabel = `Replay to ${formatSimTime(nowUs)}`;

  return (
    <section className="panel timeline" aria-labelledby={titleId}>
      <div className="panel-head">
        <h2 id={titleId}>Fault script</h2>
        <div className="tl-actions">
          <button
            ref={replayRef}
            type="button"
            className="button primary small"
            onClick={replay}
            title="Start again at 0:00 with the same seed and the whole script, and play"
          >
            <span aria-hidden="true" className="icon">
              ↻
            </span>
            Replay from start
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => replayTo(engineNowUs())}
            title="Run the same seed and script again up to this instant, then pause: the counts come out the same"
          >
            {replayLabel}
          </button>
        </div>
      </div>

      <SeekStatus />
      <p className="hint tl-intro" id={hintId}>
        Everything you break or change by hand joins the script at the moment you do it, so Replay
        reproduces your session; Reset keeps only the scenario’s faults and those added here.
      </p>
      <div className="tl-box" ref={boxRef}>
        <svg
          ref={svgRef}
          className="tl-strip"
          role="group"
          aria-label={`Timeline: ${script.length} script ${script.length === 1 ? 'entry' : 'entries'}, now ${formatSimTime(nowUs)}`}
          aria-describedby={hintId}
        />
        {script.length === 0 && (
          <p className="tl-empty">
            No faults scripted yet: add one below, or break something on the diagram.
          </p>
        )}
        {open && (
          <MarkerDetails
            key={open.id}
            entry={open}
            nowUs={nowUs}
            svgRef={svgRef}
            boxRef={boxRef}
            onRemove={() => remove(open)}
            onClose={closeDetails}
          />
        )}
      </div>
      <TimelineLegend />
      <AddFaultForm onMessage={setMessage} />
      <p
        className={message?.kind === 'error' ? 'tl-message error' : 'tl-message'}
        role={message?.kind === 'error' ? 'alert' : 'status'}
      >
        {message?.text ?? ''}
      </p>
    </section>
  );
}

function markerElement(svg: SVGSVGElement | null, id: number): SVGGElement | null {
  return svg?.querySelector<SVGGElement>(`g.tl-marker[data-id="${id}"]`) ?? null;
}

/** The details of one marker: what, when, where it came from, and Remove. */
function MarkerDetails(props: {
  entry: ScriptEntry;
  nowUs: number;
  svgRef: RefObject<SVGSVGElement | null>;
  boxRef: RefObject<HTMLDivElement | null>;
  onRemove: () => void;
  onClose: (returnFocus: boolean) => void;
}) {
  const { entry, nowUs, svgRef, boxRef, onRemove, onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const scheduled = entry.atUs > nowUs;

  // Beside its marker, kept inside the strip's box.
  useLayoutEffect(() => {
    const panel = ref.current;
    const box = boxRef.current;
    const marker = markerElement(svgRef.current, entry.id);
    if (!panel || !box || !marker) return;
    const boxRect = box.getBoundingClientRect();
    const glyph = marker.querySelector('.tl-glyph')?.getBoundingClientRect();
    if (!glyph) return;
    const left = Math.min(
      Math.max(0, glyph.left - boxRect.left - 12),
      Math.max(0, boxRect.width - panel.offsetWidth),
    );
    panel.style.left = `${Math.round(left)}px`;
    panel.style.top = `${Math.round(glyph.bottom - boxRect.top + 8)}px`;
  });

  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button.tl-remove')?.focus();
  }, []);

  // A click elsewhere closes the details (focus stays where the click put it).
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!target || ref.current?.contains(target)) return;
      if (markerElement(svgRef.current, entry.id)?.contains(target)) return;
      onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  });

  return (
    <div
      ref={ref}
      className="tl-details"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        onClose(true);
      }}
    >
      <p className="tl-details-title" id={titleId}>
        <strong>{describeCommand(entry.command)}</strong> at {formatSimTime(entry.atUs)}
      </p>
      <p className="tl-details-state">
        {scheduled
          ? `Scheduled: happens in ${((entry.atUs - nowUs) / 1e6).toFixed(1)} s.`
          : 'Applied in this run.'}{' '}
        {ORIGIN_TEXT[entry.origin]}
      </p>
      <div className="tl-details-actions">
        <button type="button" className="button small tl-remove" onClick={onRemove}>
          Remove
        </button>
        <button type="button" className="button small" onClick={() => onClose(true)}>
          Close
        </button>
      </div>
    </div>
  );
}

/**
 * While the engine runs on to an instant (Replay to, a presenter's jump, a lesson's
 * fast-forward), how far it has got, and Stop. The engine runs in a worker, so the page
 * keeps drawing meanwhile.
 */
export function SeekStatus() {
  const seeking = usePlayground((s) => s.run.seeking);
  if (!seeking) return null;
  const spanUs = Math.max(1, seeking.targetUs - seeking.fromUs);
  return (
    <div className="tl-seek" role="status">
      <label>
        Running to {formatSimTime(seeking.targetUs)}, at {formatSimTime(seeking.atUs)}{' '}
        <progress max={spanUs} value={Math.max(0, seeking.atUs - seeking.fromUs)} />
      </label>
      <button type="button" className="button small" onClick={cancelSeek}>
        Stop here
      </button>
    </div>
  );
}

/** Shapes and fills, in words too. */
function TimelineLegend() {
  const glyph = (category: 'fault' | 'recovery' | 'info', scheduled: boolean) => (
    <svg className="tl-key" viewBox="-8 -8 16 16" aria-hidden="true">
      <path
        className={`tl-glyph cat-${category} ${scheduled ? 'scheduled' : 'past'}`}
        d={
          category === 'fault'
            ? 'M0,-6L6,0L0,6L-6,0Z'
            : category === 'recovery'
              ? 'M6,0A6,6 0 1,1 -6,0A6,6 0 1,1 6,0Z'
              : 'M-5,-5H5V5H-5Z'
        }
      />
    </svg>
  );
  return (
    <ul className="legend tl-legend" aria-label="Timeline legend">
      <li>
        {glyph('fault', true)}
        {glyph('fault', false)} fault: outlined while scheduled, filled once applied
      </li>
      <li>{glyph('recovery', false)} recovery</li>
      <li>{glyph('info', false)} setting or rate change</li>
      <li>
        <span className="tl-key-now" aria-hidden="true" /> now
      </li>
    </ul>
  );
}
