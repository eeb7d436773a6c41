/**
 * Guided lessons: the Lessons tab lists them; the step card (at the top of the side
 * column while a lesson is followed) explains, asks for one thing, and says when it is
 * done, from the lesson's checks on the live run. "Show me" does the task for the
 * learner; the address carries the lesson and step (`#lesson=health-checks&step=2`), so
 * a teacher can link straight to a step.
 */
import { useEffect, useRef } from 'react';
import {
  BUILTIN_LESSONS,
  builtinLesson,
  describeCheck,
  lessonScenario,
  lessonSettings,
  stepDone,
  type Lesson,
} from '../../lessons';
import { builtinScenario } from '../../scenarios';
import { applyCommand, loadRun, play, scriptFromFaults, setLesson } from '../../store';
import { withHashParam } from '../share/hashParams';
import { usePlayground } from '../app/usePlayground';
import './lessons.css';

function writeAddress(lesson: { id: string; step: number } | null): void {
  let href = withHashParam(window.location.href, 'lesson', lesson ? lesson.id : null);
  href = withHashParam(href, 'step', lesson && lesson.step > 0 ? String(lesson.step + 1) : null);
  window.history.replaceState(window.history.state, '', href);
}

/** Starts a lesson at a step: its scenario from 0:00 with the settings and faults of that step. */
export function startLesson(lesson: Lesson, step = 0): void {
  const scenario = builtinScenario(lesson.scenario)!;
  loadRun({
    scenario,
    seed: scenario.seed,
    startSettings: lessonSettings(lesson, step),
    // The lesson's own faults join the scenario's script (and show on the timeline).
    script: scriptFromFaults(scenario, lessonScenario(lesson, []).faults),
  });
  setLesson({ id: lesson.id, step });
  writeAddress({ id: lesson.id, step });
}

export function endLesson(): void {
  setLesson(null);
  writeAddress(null);
}

/** The Lessons tab: every lesson, one button each. */
export function LessonsPanel() {
  const current = usePlayground((s) => s.ui.lesson);
  return (
    <section className="panel lessons-panel" aria-labelledby="lessons-title">
      <h2 id="lessons-title">Lessons</h2>
      <p className="hint">
        Guided walks through one idea each. A lesson opens its scenario and tells you what to break
        and what to watch; each step says when it is done.
      </p>
      <ul className="lesson-list">
        {BUILTIN_LESSONS.map((lesson) => (
          <li key={lesson.id}>
            <button
              type="button"
              className="button lesson-start"
              onClick={() => startLesson(lesson)}
              aria-describedby={`lesson-summary-${lesson.id}`}
            >
              {current?.id === lesson.id ? `Restart: ${lesson.title}` : lesson.title}
            </button>
            <p id={`lesson-summary-${lesson.id}`} className="muted">
              {lesson.summary} ({lesson.steps.length} steps)
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The step card of the lesson being followed. */
export function LessonCard() {
  const current = usePlayground((s) => s.ui.lesson);
  const snapshot = usePlayground((s) => s.run.snapshot);
  const metrics = usePlayground((s) => s.run.metrics);
  const log = usePlayground((s) => s.run.log);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const lesson = current ? builtinLesson(current.id) : undefined;

  // A new step: focus its heading, so a keyboard or screen-reader user reads it next.
  const stepKey = current ? `${current.id}:${current.step}` : '';
  useEffect(() => {
    if (stepKey) headingRef.current?.focus();
  }, [stepKey]);

  if (!current || !lesson) return null;
  const step = lesson.steps[current.step]!;
  const done = stepDone(step, { snapshot, metrics, log });
  const last = current.step === lesson.steps.length - 1;
  const waiting = (step.checks ?? []).map(describeCheck).join(', ');

  const go = (index: number) => {
    const next = lesson.steps[index]!;
    if (next.restartWith && index > current.step) startLesson(lesson, index);
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

  return (
    <section className="panel lesson-card" aria-labelledby="lesson-step-title">
      <p className="lesson-meta">
        {lesson.title} · step {current.step + 1} of {lesson.steps.length}
      </p>
      <h2 id="lesson-step-title" ref={headingRef} tabIndex={-1}>
        {step.title}
      </h2>
      {step.text.map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      {step.task && (
        <p className="lesson-task">
          <strong>Your turn:</strong> {step.task}
        </p>
      )}
      <p className={done ? 'lesson-status done' : 'lesson-status'} role="status">
        {step.checks && step.checks.length > 0
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
        {step.solution && !done && (
          <button type="button" className="button small" onClick={showMe}>
            Show me
          </button>
        )}
        {last ? (
          <button type="button" className="button small primary" onClick={endLesson}>
            Finish lesson
          </button>
        ) : (
          <button
            type="button"
            className="button small primary"
            disabled={!done}
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
    </section>
  );
}
