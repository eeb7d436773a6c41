/**
 * Guided lessons: the Lessons tab lists them; the step card (at the top of the side
 * column while a lesson is followed) explains, asks for one thing, and says when it is
 * done, from the lesson's checks on the live run. "Show me" does the task for the
 * learner; the address carries the lesson and step (`#lesson=health-checks&step=2`), so
 * a teacher can link straight to a step.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import {
  BUILTIN_LESSONS,
  builtinLesson,
  describeCheck,
  describeGuess,
  formatMeasured,
  nextLessonId,
  predictionScore,
  readProgress,
  stepComplete,
  type Lesson,
  type LessonPrediction,
} from '../../lessons';
import { formatSimTime } from '../../sim';
import { builtinScenario } from '../../scenarios';
import {
  addNotice,
  applyCommand,
  emptyLessonPlayer,
  lessonPlayer,
  play,
  playground,
  setLesson,
} from '../../store';
import { withHashParam } from '../share/hashParams';
import { lazyPart } from '../app/lazyPart';
import {
  answerPrediction,
  browserStorage,
  lessonTick,
  openLessonRun,
  recordLessonDone,
  recordVisited,
  resumeLesson,
} from './lessonPlayer';
import { usePlayground } from '../app/usePlayground';
import { mayTakeFocus } from '../app/embedFrame';
import { useNarrowScreen, useReducedMotion } from '../app/useMediaQuery';
import { bringSpotlightIntoView, whenSpotlightDrawn } from './spotlightInView';
import './lessons.css';

function writeAddress(lesson: { id: string; step: number } | null): void {
  let href = withHashParam(window.location.href, 'lesson', lesson ? lesson.id : null);
  href = withHashParam(href, 'step', lesson && lesson.step > 0 ? String(lesson.step + 1) : null);
  window.history.replaceState(window.history.state, '', href);
}

/**
 * Starts a lesson at a step: its scenario from 0:00 with the settings and faults of that
 * step, fast-forwarded (for a later step) to where a learner playing up to it would be.
 * Resolves once the run is there.
 */
export function startLesson(lesson: Lesson, step = 0): Promise<void> {
  const scenario = builtinScenario(lesson.scenario)!;
  lessonPlayer.setState(emptyLessonPlayer());
  // A step the lesson cannot reach with its seed is a bug in the lesson: say so, stay at 0:00.
  const opened = openLessonRun(lesson, step, scenario.seed).catch((error: unknown) => {
    addNotice(`Could not fast-forward to step ${step + 1}: ${String(error)}`);
  });
  setLesson({ id: lesson.id, step });
  writeAddress({ id: lesson.id, step });
  recordVisited();
  return opened;
}

export function endLesson(): void {
  setLesson(null);
  lessonPlayer.setState(emptyLessonPlayer());
  writeAddress(null);
}

/** The challenges section: its code (and a headless engine) loads with the first look. */
const ChallengesSection = lazyPart('the challenges', () =>
  import('./Challenges').then((m) => m.ChallengesSection),
);

/** The learner's progress, read once per render of the course map. */
function useProgress() {
  return { progress: readProgress(browserStorage()) };
}

/** The Lessons tab: the course map, done and next, one button per lesson. */
export function LessonsPanel() {
  const current = usePlayground((s) => s.ui.lesson);
  const { progress } = useProgress();
  const next = nextLessonId(
    progress,
    BUILTIN_LESSONS.map((l) => l.id),
  );
  const nextLesson = next ? builtinLesson(next) : undefined;
  return (
    <section className="panel lessons-panel" aria-labelledby="lessons-title">
      <h2 id="lessons-title">Lessons</h2>
      <p className="hint">
        Guided walks through one idea each. A lesson opens its scenario, asks you to predict what
        will happen, pauses at the moment that matters and shows what was measured.
      </p>
      {nextLesson && (
        <p className="lesson-next">
          <button
            type="button"
            className="button small primary"
            onClick={() => void startLesson(nextLesson)}
            aria-describedby="lesson-next-title"
          >
            {progress.done.length === 0 ? 'Start here' : 'Where to go next'}
          </button>{' '}
          <span id="lesson-next-title">{nextLesson.title}</span>
        </p>
      )}
      {!nextLesson && <p className="lesson-next">✓ You have done every lesson.</p>}
      <ol className="lesson-list" aria-label="Course map">
        {BUILTIN_LESSONS.map((lesson) => {
          const done = progress.done.includes(lesson.id);
          const score = predictionScore(progress, lesson.id);
          return (
            <li key={lesson.id} className={done ? 'done' : lesson.id === next ? 'next' : ''}>
              <button
                type="button"
                className="button lesson-start"
                onClick={() => void startLesson(lesson)}
                aria-describedby={`lesson-summary-${lesson.id}`}
              >
                {current?.id === lesson.id ? `Restart: ${lesson.title}` : lesson.title}
              </button>
              <p id={`lesson-summary-${lesson.id}`} className="muted">
                <span className="lesson-mark">
                  {done ? '✓ Done' : lesson.id === next ? '→ Next' : 'Not started'}
                </span>
                {score.answered > 0 && ` · ${score.right} of ${score.answered} predictions right`}
                {' · '}
                {lesson.summary} ({lesson.steps.length} steps)
              </p>
            </li>
          );
        })}
      </ol>
      <ChallengesSection />
    </section>
  );
}

/** The question of a step's prediction: choices as radio buttons, or a slider. */
function PredictionForm(props: {
  prediction: LessonPrediction;
  onAnswer: (guess: number) => void;
}) {
  const { prediction } = props;
  const [guess, setGuess] = useState<number | null>(
    prediction.kind === 'slider' ? Math.round((prediction.min + prediction.max) / 2) : null,
  );
  return (
    <form
      className="lesson-predict"
      onSubmit={(event) => {
        event.preventDefault();
        if (guess !== null) props.onAnswer(guess);
      }}
    >
      <fieldset>
        <legend>
          <strong>Predict first:</strong> {prediction.question}
        </legend>
        {prediction.kind === 'choice' ? (
          prediction.choices.map((choice, index) => (
            <label key={choice.label} className="lesson-choice">
              <input
                type="radio"
                name="lesson-prediction"
                checked={guess === index}
                onChange={() => setGuess(index)}
              />{' '}
              {choice.label}
            </label>
          ))
        ) : (
          <label className="lesson-slider">
            <span>
              Your guess: <output>{guess}</output> {prediction.unit}
            </span>
            <input
              type="range"
              min={prediction.min}
              max={prediction.max}
              step={prediction.step}
              value={guess ?? prediction.min}
              aria-valuetext={`${guess} ${prediction.unit}`}
              onChange={(event) => setGuess(Number(event.target.value))}
            />
          </label>
        )}
      </fieldset>
      <button type="submit" className="button small primary" disabled={guess === null}>
        Lock in my guess and play
      </button>
    </form>
  );
}

/** The step card of the lesson being followed. */
export function LessonCard() {
  const current = usePlayground((s) => s.ui.lesson);
  const snapshot = usePlayground((s) => s.run.snapshot);
  const metrics = usePlayground((s) => s.run.metrics);
  const log = usePlayground((s) => s.run.log);
  const player = useStore(lessonPlayer);
  const cardRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resumeRef = useRef<HTMLButtonElement>(null);
  const lesson = current ? builtinLesson(current.id) : undefined;

  // The player watches every change of the run while a card is shown.
  useEffect(() => {
    lessonTick();
    return playground.subscribe(lessonTick);
  }, []);

  // A new step: focus its heading, so a keyboard or screen-reader user reads it next.
  // Not in an embedded frame the reader has not touched yet: focus would scroll the host.
  // On a phone the card is under the tall diagram, and focusing it scrolled the diagram
  // away while the step said "Watch the dashed outline appear" (issue 14): a step with a
  // spotlight focuses without scrolling and brings the spotlight (and the heading, when
  // both fit) into view once it is drawn.
  const stepKey = current ? `${current.id}:${current.step}` : '';
  const phone = useNarrowScreen();
  const reducedMotion = useReducedMotion();
  const stepSpotlit = !!(current && lesson?.steps[current.step]?.spotlight);
  useEffect(() => {
    // Where the card scrolls inside (an embed, Present mode), a new step starts at its top:
    // scrolling the card itself never moves the host page.
    if (cardRef.current) cardRef.current.scrollTop = 0;
    if (!stepKey || !mayTakeFocus()) return;
    const heading = headingRef.current;
    if (!phone || !stepSpotlit) {
      heading?.focus();
      return;
    }
    heading?.focus({ preventScroll: true });
    return whenSpotlightDrawn(() => bringSpotlightIntoView(heading, reducedMotion));
    // Only when the step changes: a later change of screen or motion setting does not scroll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepKey]);
  // The pause at the moment: focus Resume, so Enter or Space goes on. On a phone the card
  // is under the tall diagram: focus without scrolling, and bring the spotlight into view.
  const pausedHere = player.stepKey === stepKey && player.pausedAtUs !== null && !player.resumed;
  useEffect(() => {
    if (!pausedHere || !mayTakeFocus()) return;
    const resume = resumeRef.current;
    resume?.focus({ preventScroll: phone });
    if (phone) bringSpotlightIntoView(resume?.parentElement ?? null, reducedMotion);
    // Only at the pause itself: a later change of screen or motion setting does not scroll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pausedHere]);

  if (!current || !lesson) return null;
  const step = lesson.steps[current.step]!;
  const mine = player.stepKey === stepKey ? player : emptyLessonPlayer(stepKey);
  const view = { snapshot, metrics, log };
  const done =
    stepComplete(step, view, mine.pausedAtUs !== null) && (!step.predict || mine.reveal !== null);
  const last = current.step === lesson.steps.length - 1;
  const waiting = (step.checks ?? []).map(describeCheck).join(', ');
  const asking = step.predict !== undefined && mine.guess === null;
  const fastForwarding = player.fastForward !== null;

  const go = (index: number) => {
    const next = lesson.steps[index]!;
    if (next.restartWith && index > current.step) void startLesson(lesson, index);
    else {
      setLesson({ id: lesson.id, step: index });
      writeAddress({ id: lesson.id, step: index });
    }
  };
  // Does the task for the learner, and lets time run so the step can complete.
  const showMe = () => {
    for (const command of step.solution ?? []) applyCommand(command);
    play();
  };
  const finish = () => {
    recordLessonDone(lesson.id);
    endLesson();
  };

  return (
    <section ref={cardRef} className="panel lesson-card" aria-labelledby="lesson-step-title">
      <p className="lesson-meta">
        {lesson.title} · step {current.step + 1} of {lesson.steps.length}
      </p>
      <h2 id="lesson-step-title" ref={headingRef} tabIndex={-1}>
        {step.title}
      </h2>
      {fastForwarding && (
        <div className="lesson-fast-forward" role="status">
          <span>Fast-forwarding to this step…</span>
          <progress max={1} value={player.fastForward ?? 0} aria-label="Fast-forward" />
        </div>
      )}
      {step.text.map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      {step.predict && asking && !fastForwarding && (
        <PredictionForm key={stepKey} prediction={step.predict} onAnswer={answerPrediction} />
      )}
      {step.predict && !asking && (
        <div className="lesson-reveal" aria-live="polite">
          <p>
            <strong>Your guess:</strong> {describeGuess(step.predict, mine.guess!)}
          </p>
          {mine.reveal ? (
            <>
              <p className={mine.reveal.right ? 'lesson-verdict right' : 'lesson-verdict wrong'}>
                <strong>{mine.reveal.right ? '✓ Right.' : '✗ Not quite.'}</strong> Measured in this
                run:{' '}
                <strong className="lesson-measured">
                  {formatMeasured(mine.reveal.measured)} {step.predict.unit}
                </strong>{' '}
                {step.predict.measuredWhat}.
              </p>
              <p>{step.predict.explain}</p>
            </>
          ) : (
            <p className="muted">The answer shows here once this run has measured it.</p>
          )}
        </div>
      )}
      {pausedHere && step.pauseWhen && (
        <div className="lesson-paused">
          <p role="status">
            <strong>Paused at {formatSimTime(mine.pausedAtUs!)}:</strong> {step.pauseWhen.label}
          </p>
          <button
            ref={resumeRef}
            type="button"
            className="button small primary"
            onClick={resumeLesson}
          >
            Resume
          </button>
        </div>
      )}
      {/* The step's instruction, its state and its buttons: one foot, which stays in view at
          the card's bottom where the card scrolls inside (an embed: app.css). */}
      <div className="lesson-foot">
        {step.task && !asking && (
          <p className="lesson-task">
            <strong>Your turn:</strong> {step.task}
          </p>
        )}
        <p className={done ? 'lesson-status done' : 'lesson-status'} role="status">
          {asking
            ? ''
            : step.checks && step.checks.length > 0
              ? done
                ? '✓ Done.'
                : `Waiting for: ${waiting}.`
              : ''}
        </p>
        <div className="lesson-buttons">
          <button
            type="button"
            className="button small"
            disabled={current.step === 0}
            onClick={() => go(current.step - 1)}
          >
            Back
          </button>
          {step.solution && !done && !asking && (
            <button type="button" className="button small" onClick={showMe}>
              Show me
            </button>
          )}
          {last ? (
            <button type="button" className="button small primary" onClick={finish}>
              Finish lesson
            </button>
          ) : (
            <button
              type="button"
              className="button small primary"
              disabled={!done || fastForwarding}
              onClick={() => go(current.step + 1)}
            >
              Next step
            </button>
          )}
          {!last && (
            <button type="button" className="button small" onClick={endLesson}>
              End lesson
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
