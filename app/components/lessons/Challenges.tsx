/**
 * Challenges, in the Lessons tab: learning by doing. The list shows each challenge and
 * whether it was passed; opening one shows its goal and budget and the settings the
 * learner may change. "Run the hidden scenario" plays the hidden fault script against
 * the design in the page, a few simulated seconds per macrotask so the page stays
 * responsive, over the challenge's seeds, then shows the verdict with the second the
 * goal broke. The address carries the challenge and the design
 * (`#challenge=zone-outage&design=server.workers=6`), so a challenge can be shared.
 */
import { useEffect, useRef, useState } from 'react';
import {
  CHALLENGES,
  challengeParams,
  checkLearnerSettings,
  describeGoal,
  readChallengeLink,
  readPassed,
  recordPassed,
  settingSpecOf,
  startSeedRun,
  startingValue,
  verdictOf,
  type Challenge,
  type LearnerSetting,
  type SeedResult,
} from '../../challenges';
import { formatSimTime } from '../../sim';
import { addNotice, cancelJudging, judgeInSession } from '../../store';
import { withHashParam } from '../share/hashParams';
import { knobLabel } from '../settings/knobs';
import { SettingControl, type SettingControlClasses } from '../settings/SettingControl';
import { browserStorageOrNull } from './storage';
import './challenges.css';

/**
 * Without a session to judge in (it runs in the engine's Web Worker): wall-clock work
 * per macrotask, in ms, on this thread; the run advances one simulated second at a time
 * until this is spent, then yields so clicks, keys and the progress bar keep up.
 */
const SLICE_BUDGET_MS = 30;

const CONTROL_CLASSES: SettingControlClasses = {
  row: 'knob',
  label: 'knob-label',
  field: 'knob-input',
  error: 'knob-error',
};

function writeAddress(id: string | null, learner: readonly LearnerSetting[]): void {
  let href = withHashParam(window.location.href, 'challenge', null);
  href = withHashParam(href, 'design', null);
  if (id !== null) {
    const url = new URL(href);
    const rest = url.hash.replace(/^#/, '');
    url.hash = [rest, challengeParams(id, learner)].filter((p) => p !== '').join('&');
    href = url.href;
  }
  window.history.replaceState(window.history.state, '', href);
}

/** A setting's label: the knobs' own, else its path in words ("Health check: unhealthy threshold"). */
function labelOf(path: string): string {
  const known = knobLabel(path);
  if (known !== path) return known;
  const [group, key] = path.split('.') as [string, string];
  const words = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const groupWords = words(group);
  return `${groupWords[0]!.toUpperCase()}${groupWords.slice(1)}: ${words(key)}`;
}

/** The address last read, so a re-render (or StrictMode's second effect) notices once. */
let lastReadHref: string | null = null;

type Opened = { challenge: Challenge; learner: LearnerSetting[] } | null;

function openedFromAddress(): Opened {
  const href = window.location.href;
  const link = readChallengeLink(href);
  const first = lastReadHref !== href;
  lastReadHref = href;
  if (link.kind === 'unknown') {
    if (first) addNotice(link.notice);
    return null;
  }
  if (link.kind === 'none') return null;
  if (link.notice && first) addNotice(link.notice);
  return { challenge: link.challenge, learner: link.learner };
}

/** The challenges section: the list, or the challenge opened. */
export function ChallengesSection() {
  const [opened, setOpened] = useState<Opened>(() => openedFromAddress());
  const [passed, setPassed] = useState<string[]>(() => readPassed(browserStorageOrNull()));
  const lastOpenedId = useRef<string | null>(null);
  const listRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    const onHashChange = (): void => {
      const next = openedFromAddress();
      if (next) setOpened(next);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const open = (challenge: Challenge): void => {
    lastOpenedId.current = challenge.id;
    writeAddress(challenge.id, []);
    setOpened({ challenge, learner: [] });
  };
  const close = (): void => {
    writeAddress(null, []);
    const id = lastOpenedId.current ?? opened?.challenge.id ?? null;
    setOpened(null);
    // Back to the button that opened it, so a keyboard user keeps their place.
    if (id) setTimeout(() => listRefs.current[id]?.focus(), 0);
  };

  return (
    <section className="challenges" aria-labelledby="challenges-title">
      <h3 id="challenges-title">Challenges</h3>
      {opened ? (
        <ChallengePanel
          key={opened.challenge.id}
          challenge={opened.challenge}
          initialLearner={opened.learner}
          passedBefore={passed.includes(opened.challenge.id)}
          onPassed={() => setPassed(recordPassed(browserStorageOrNull(), opened.challenge.id))}
          onClose={close}
        />
      ) : (
        <>
          <p className="hint">
            Change the design, then run a hidden fault script against it. The simulation judges the
            run over {CHALLENGES[0]!.seeds.length} seeds. Passed: {passed.length} of{' '}
            {CHALLENGES.length}.
          </p>
          <ul className="lesson-list" aria-label="Challenges">
            {CHALLENGES.map((challenge) => (
              <li key={challenge.id} className={passed.includes(challenge.id) ? 'done' : ''}>
                <button
                  type="button"
                  className="button lesson-start"
                  ref={(el) => {
                    listRefs.current[challenge.id] = el;
                  }}
                  onClick={() => open(challenge)}
                  aria-describedby={`challenge-goal-${challenge.id}`}
                >
                  {challenge.title}
                </button>
                <p id={`challenge-goal-${challenge.id}`} className="muted">
                  <span className="lesson-mark">
                    {passed.includes(challenge.id) ? '✓ Passed' : 'Not passed yet'}
                  </span>
                  {' · Goal: '}
                  {challenge.goals.map(describeGoal).join('; ')}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type RunState =
  | { kind: 'idle' }
  /** `stoppable`: judged in the session, which can stop it. */
  | { kind: 'running'; seedIndex: number; doneS: number; stoppable: boolean }
  | { kind: 'done'; passed: boolean; summary: string; seeds: SeedResult[] };

/** One challenge: goal, budget, the allowed settings, the run and the verdict. */
function ChallengePanel(props: {
  challenge: Challenge;
  initialLearner: LearnerSetting[];
  passedBefore: boolean;
  onPassed: () => void;
  onClose: () => void;
}) {
  const { challenge } = props;
  const [learner, setLearner] = useState<LearnerSetting[]>(props.initialLearner);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const cancelled = useRef(false);
  /** A judging running in the session (cancelled when the panel closes). */
  const inSession = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    cancelled.current = false;
    return () => {
      cancelled.current = true;
      if (inSession.current) cancelJudging();
    };
  }, []);

  const valueOf = (path: string): number | string =>
    learner.find((l) => l.path === path)?.value ?? startingValue(challenge, path);

  const change = (path: string, value: number | string): string | null => {
    const next = [...learner.filter((l) => l.path !== path)];
    if (value !== startingValue(challenge, path)) next.push({ path, value });
    const problems = checkLearnerSettings(challenge, next);
    if (problems.length > 0) return problems[0]!;
    setLearner(next);
    setRun({ kind: 'idle' });
    writeAddress(challenge.id, next);
    return null;
  };

  const start = (): void => {
    const problems = checkLearnerSettings(challenge, learner);
    if (problems.length > 0) {
      addNotice(problems.join(' '));
      return;
    }
    const design = [...learner];
    // In the session (the engine's worker): the page only shows the progress.
    const judged = judgeInSession(challenge.id, design, (seedIndex, doneS) => {
      if (!cancelled.current) setRun({ kind: 'running', seedIndex, doneS, stoppable: true });
    });
    setRun({ kind: 'running', seedIndex: 0, doneS: 0, stoppable: judged !== null });
    if (judged) {
      inSession.current = true;
      void judged.then((verdict) => {
        inSession.current = false;
        if (cancelled.current) return;
        if (verdict === null) setRun({ kind: 'idle' });
        else if (!verdict.ok) {
          addNotice(verdict.problems.join(' '));
          setRun({ kind: 'idle' });
        } else {
          setRun({
            kind: 'done',
            passed: verdict.passed,
            summary: verdict.summary,
            seeds: verdict.seeds,
          });
          if (verdict.passed) props.onPassed();
        }
      });
      return;
    }
    const results: SeedResult[] = [];
    let seedIndex = 0;
    let seedRun = startSeedRun(challenge, design, challenge.seeds[0]!);
    const slice = (): void => {
      if (cancelled.current) return;
      const sliceStart = performance.now();
      let seedDone = seedRun.advance(1);
      while (!seedDone && performance.now() - sliceStart < SLICE_BUDGET_MS) {
        seedDone = seedRun.advance(1);
      }
      if (seedDone) {
        results.push(seedRun.result());
        seedIndex++;
        if (seedIndex >= challenge.seeds.length) {
          const verdict = verdictOf(results);
          setRun({ kind: 'done', ...verdict });
          if (verdict.passed) props.onPassed();
          return;
        }
        seedRun = startSeedRun(challenge, design, challenge.seeds[seedIndex]!);
      }
      setRun({ kind: 'running', seedIndex, doneS: seedRun.doneS, stoppable: false });
      setTimeout(slice, 0);
    };
    setTimeout(slice, 0);
  };

  const total = challenge.seeds.length * challenge.durationS;
  return (
    <div className="challenge-panel">
      <h4 ref={headingRef} tabIndex={-1}>
        {challenge.title}
        {props.passedBefore && <span className="lesson-mark"> ✓ Passed before</span>}
      </h4>
      <p>{challenge.brief}</p>
      <dl className="challenge-terms">
        <dt>Goal</dt>
        <dd>{challenge.goals.map(describeGoal).join('; ')}, on every seed</dd>
        <dt>Budget</dt>
        <dd>{challenge.budget}</dd>
        <dt>Run</dt>
        <dd>
          {formatSimTime(challenge.durationS * 1_000_000)} of simulated time, seeds{' '}
          {challenge.seeds.join(', ')}; the faults stay hidden until the verdict
        </dd>
      </dl>
      <fieldset className="challenge-design" disabled={run.kind === 'running'}>
        <legend>Your design</legend>
        {challenge.allowed.map((allowed) => {
          const spec = settingSpecOf(allowed.path)!;
          const current = valueOf(allowed.path);
          const bounds = [
            allowed.min !== undefined ? `at least ${allowed.min}` : null,
            allowed.max !== undefined ? `at most ${allowed.max}` : null,
          ].filter((b) => b !== null);
          return (
            <SettingControl
              key={`${allowed.path}:${current}`}
              spec={spec}
              current={current}
              label={labelOf(allowed.path)}
              classes={CONTROL_CLASSES}
              apply={(value) => change(allowed.path, value)}
              hint={(id) => (
                <p className="knob-hint" id={id}>
                  {spec.description}
                  {bounds.length > 0 && ` Budget: ${bounds.join(', ')}.`}
                </p>
              )}
            />
          );
        })}
      </fieldset>
      <p className="challenge-actions">
        <button
          type="button"
          className="button primary"
          onClick={start}
          disabled={run.kind === 'running'}
        >
          Run the hidden scenario
        </button>{' '}
        <button type="button" className="button" onClick={props.onClose}>
          Back to the challenges
        </button>
      </p>
      {run.kind === 'running' && (
        <p className="challenge-progress">
          <progress
            max={total}
            value={run.seedIndex * challenge.durationS + run.doneS}
            aria-label="Hidden scenario progress"
          />{' '}
          Seed {run.seedIndex + 1} of {challenge.seeds.length}, at{' '}
          {formatSimTime(run.doneS * 1_000_000)}
          {run.stoppable && (
            <>
              {' '}
              <button type="button" className="button small" onClick={cancelJudging}>
                Stop
              </button>
            </>
          )}
        </p>
      )}
      <div role="status" aria-live="polite" className="challenge-verdict">
        {run.kind === 'done' && <VerdictView run={run} />}
      </div>
    </div>
  );
}

function VerdictView({ run }: { run: Extract<RunState, { kind: 'done' }> }) {
  return (
    <>
      <p className={run.passed ? 'challenge-passed' : 'challenge-failed'}>
        <strong>{run.passed ? 'Passed' : 'Failed'}.</strong> {run.summary}
      </p>
      <ul className="challenge-seeds">
        {run.seeds.map((seed) => (
          <li key={seed.seed}>
            Seed {seed.seed}: {seed.passed ? 'passed' : 'failed'} —{' '}
            {seed.goals.map((g) => `${describeGoal(g.goal)}: ${g.text}`).join('; ')}
            {seed.brokeAtS !== null && (
              <>
                <br />
                The goal broke at {formatSimTime(seed.brokeAtS * 1_000_000)}. What happened:
                <ol className="challenge-story">
                  {seed.story.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ol>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
