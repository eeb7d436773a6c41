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
import { commandCategory, describeCommand, formatSimTime } from '../sim';
import {
  addScriptEntry,
  engineNowUs,
  removeScriptEntry,
  replay,
  replayTo,
  type ScriptEntry,
  type ScriptOrigin,
} from '../store';
import { renderTimeline, type TimelineMarker } from '../views/timeline';
import {
  FORM_ACTIONS,
  formAction,
  formCommand,
  parseTimeText,
  settingOf,
  targetOptions,
} from './faultForm';
import { usePlayground } from './usePlayground';
import './timeline.css';

/** The accessible name of a script entry's marker. */
export function markerName(entry: ScriptEntry, nowUs: number): string {
  const status = entry.atUs > nowUs ? 'scheduled' : 'applied';
  return `fault at ${formatSimTime(entry.atUs)}: ${describeCommand(entry.command)} (${status})`;
}

/**
 * Time of the last entry applied by `nowUs` (-1 before the first): a script is in time
 * order, so every entry at or before it is applied and every later one scheduled.
 */
export function lastAppliedUs(script: readonly ScriptEntry[], nowUs: number): number {
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
interface FormMessage {
  kind: 'info' | 'error';
  text: string;
}

export function Timeline() {
  const script = usePlayground((s) => s.run.script);
  const nowUs = usePlayground((s) => s.run.snapshot?.nowUs ?? 0);
  const runId = usePlayground((s) => s.run.runId);
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
      { markers, nowUs, widthPx: size.widthPx, fontPx: size.fontPx, selectedId: open?.id ?? null },
      { onActivate },
    );
    boxRef.current?.style.setProperty('--tl-height', `${heightPx}px`);
    const wanted = focusAfterRender.current;
    focusAfterRender.current = null;
    if (wanted === 'replay') replayRef.current?.focus();
    else if (wanted !== null) markerElement(svg, wanted)?.focus();
  }, [markers, nowUs, size, open?.id, onActivate]);

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

/** The "Add fault" form: action, target, argument, time. */
function AddFaultForm(props: { onMessage: (message: FormMessage | null) => void }) {
  const { onMessage } = props;
  const components = usePlayground((s) => s.run.components);
  const links = usePlayground((s) => s.run.links);
  const [actionId, setActionId] = useState('kill');
  const [target, setTarget] = useState('');
  const [argument, setArgument] = useState('');
  const [timeText, setTimeText] = useState('now');
  const [timeError, setTimeError] = useState(false);
  const ids = {
    action: useId(),
    target: useId(),
    argument: useId(),
    time: useId(),
    timeHint: useId(),
    description: useId(),
  };

  const action = formAction(actionId);
  const targets = targetOptions(action, components, links);
  const chosenTarget = targets.some((t) => t.value === target) ? target : (targets[0]?.value ?? '');
  const setting = action.id === 'set' ? settingOf(chosenTarget) : undefined;
  const parameter = action.parameter;
  const argumentText =
    argument !== ''
      ? argument
      : parameter
        ? String(parameter.default)
        : setting
          ? String(setting.default)
          : '';

  const chooseAction = (id: string) => {
    setActionId(id);
    setArgument('');
  };

  const submit = () => {
    const time = parseTimeText(timeText);
    if ('error' in time) {
      setTimeError(true);
      onMessage({ kind: 'error', text: time.error });
      return;
    }
    const built = formCommand(action, chosenTarget, argumentText);
    if ('error' in built) {
      onMessage({ kind: 'error', text: built.error });
      return;
    }
    const result = addScriptEntry(built.command, time.atUs);
    const what = describeCommand(built.command);
    if (!result.ok) {
      setTimeError(result.error.includes('in the past'));
      onMessage({ kind: 'error', text: `Not added: ${result.error}.` });
      return;
    }
    setTimeError(false);
    onMessage({
      kind: 'info',
      text:
        time.atUs === null
          ? `Applied ${what} now and added it to the script.`
          : `Scheduled ${what} at ${formatSimTime(time.atUs)}.`,
    });
  };

  return (
    <form
      className="tl-form"
      aria-label="Add fault"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor={ids.action}>Action</label>
        <select
          id={ids.action}
          value={actionId}
          aria-describedby={ids.description}
          onChange={(event) => chooseAction(event.target.value)}
        >
          {FORM_ACTIONS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      {action.targets !== 'none' && (
        <div className="field">
          <label htmlFor={ids.target}>{action.id === 'set' ? 'Setting' : 'Target'}</label>
          <select
            id={ids.target}
            value={chosenTarget}
            disabled={targets.length === 0}
            onChange={(event) => {
              setTarget(event.target.value);
              if (action.id === 'set') setArgument('');
            }}
          >
            {targets.length === 0 && <option value="">none in this scenario</option>}
            {targets.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {parameter && (
        <div className="field">
          <label htmlFor={ids.argument}>{parameter.label}</label>
          <span className="tl-with-unit">
            <input
              id={ids.argument}
              type="number"
              inputMode="decimal"
              min={parameter.min}
              max={parameter.max}
              step={parameter.step}
              value={argumentText}
              onChange={(event) => setArgument(event.target.value)}
              size={6}
            />
            <span className="unit">{parameter.unit}</span>
          </span>
        </div>
      )}
      {setting && (
        <div className="field">
          <label htmlFor={ids.argument}>Value</label>
          {setting.kind === 'choice' ? (
            <select
              id={ids.argument}
              value={argumentText}
              onChange={(event) => setArgument(event.target.value)}
            >
              {setting.choices.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          ) : (
            <span className="tl-with-unit">
              <input
                id={ids.argument}
                type="number"
                inputMode="decimal"
                min={setting.min}
                max={setting.max}
                value={argumentText}
                onChange={(event) => setArgument(event.target.value)}
                size={7}
              />
              {setting.unit && <span className="unit">{setting.unit}</span>}
            </span>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.time}>At</label>
        <input
          id={ids.time}
          className="tl-time"
          value={timeText}
          autoComplete="off"
          spellCheck={false}
          size={7}
          aria-invalid={timeError}
          aria-describedby={ids.timeHint}
          onChange={(event) => {
            setTimeText(event.target.value);
            setTimeError(false);
          }}
        />
        <span className="tl-time-hint" id={ids.timeHint}>
          now, seconds (90) or m:ss (1:30)
        </span>
      </div>
      <button type="submit" className="button">
        Add fault
      </button>
      <p className="tl-action-description" id={ids.description}>
        {action.description}
      </p>
    </form>
  );
}
