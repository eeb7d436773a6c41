/**
 * Time controls: play/pause, step, reset, speed and seed. On a phone the header shows
 * the three buttons and keeps the rest behind its More button (app/PhoneControls.tsx);
 * in Present, seed and theme sit behind More (app/PresentControls.tsx).
 */
import { useId, useState, type FormEvent } from 'react';
import { reset, setSeed, setSpeed, SPEEDS, step, togglePlay } from '../../store';
import { formatSpeed } from '../app/format';
import { PresentButton } from '../present/PresentButton';
import { usePlayground } from '../app/usePlayground';
import { parseSeed, SEED_MAX } from '../share/urlState';
import './toolbar.css';

export function Toolbar() {
  // An embedded page leaves full-screen presentations to the full playground.
  const embedded = usePlayground((s) => s.ui.embedded);

  return (
    <div className="toolbar" role="group" aria-label="Time controls">
      <TimeButtons />
      <SpeedField />
      {/* An embed keeps its seed in its "Open in Nines" link: its own row took a sixth of
          a 640 px frame (issue 14 review). */}
      {!embedded && <SeedField />}
      {!embedded && <PresentButton />}
    </div>
  );
}

/** Play/pause, step and reset. */
export function TimeButtons() {
  const playing = usePlayground((s) => s.run.playing);
  return (
    <>
      <button
        type="button"
        className="button primary play"
        onClick={togglePlay}
        title={playing ? 'Pause the simulation' : 'Run the simulation'}
      >
        <span aria-hidden="true" className="icon">
          {playing ? '❚❚' : '▶'}
        </span>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        className="button"
        onClick={step}
        title="Pause and advance one simulated second"
      >
        <span aria-hidden="true" className="icon">
          ▶❙
        </span>
        Step
      </button>
      <button
        type="button"
        className="button"
        onClick={reset}
        title="Start again at 0:00 with the same seed and fault script; your own clicks are dropped (Replay from start keeps them)"
      >
        <span aria-hidden="true" className="icon">
          ↺
        </span>
        Reset
      </button>
    </>
  );
}

/** How much simulated time passes per real second. */
export function SpeedField() {
  const speed = usePlayground((s) => s.run.speed);
  const speedId = useId();
  return (
    <div className="field">
      <label htmlFor={speedId}>Speed</label>
      <select
        id={speedId}
        value={String(speed)}
        onChange={(event) => setSpeed(Number(event.target.value))}
        title="Simulated time per real second"
      >
        {SPEEDS.map((s) => (
          <option key={s} value={String(s)}>
            {formatSpeed(s)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The seed, editable: Enter or leaving the field starts a new run with it. */
export function SeedField() {
  const seed = usePlayground((s) => s.run.seed);
  const runId = usePlayground((s) => s.run.runId);
  const inputId = useId();
  const errorId = useId();
  const [error, setError] = useState<string | null>(null);

  const commit = (text: string): void => {
    const parsed = parseSeed(text);
    if (parsed === null) {
      setError(`A seed is a whole number from 0 to ${SEED_MAX}.`);
      return;
    }
    setError(null);
    if (parsed !== seed) setSeed(parsed);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('seed') as HTMLInputElement;
    commit(input.value);
  };

  return (
    <form className="field seed" onSubmit={onSubmit}>
      <label htmlFor={inputId}>Seed</label>
      <input
        // A new run (or seed) re-creates the input so it shows the run's seed.
        key={`${runId}:${seed}`}
        id={inputId}
        name="seed"
        defaultValue={String(seed)}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        size={10}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        title="Same seed + same actions = the same run. Press Enter to apply."
        onBlur={(event) => commit(event.target.value)}
      />
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
