/**
 * "Simulate N years" (issue 15), a side-panel tab loaded when first shown: the design on
 * screen (an edited `&cloud=` one included) under chaos mode's failure rates from the
 * current settings, for 1 to 1,000 years in fast (fluid) mode, shared among Web Workers
 * (one per core). A progress bar, Cancel, and the results drawn as each stretch of years
 * arrives: a histogram of the years' availability with the formula's prediction as a
 * line, the mean, 5th-95th percentile, worst year, downtime, incidents, acknowledged
 * writes lost (or that fast mode does not count them), the gap explained, and the
 * design's monthly cost. Every rate says how many years it is over.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { percentText, type YearsReport } from '../../sim/chaos/yearsReport';
import {
  yearsHistogramData,
  drawYearsHistogram,
  ninesOfAvailability,
} from '../../views/yearsHistogram';
import { usePlayground } from '../app/usePlayground';
import { formatCount } from '../app/format';
import { CostSummary } from '../cost/CostSummary';
import { parseYears, YEARS_DEFAULT, YEARS_RANGE_TEXT } from './yearsInput';
import {
  yearsRunner,
  type YearsRequest,
  type YearsRunner,
  type YearsRunState,
} from './yearsRunner';
import './years.css';

/** Fewer years than this: the spread is rough (the 5th percentile is the worst year itself). */
export const YEARS_FEW = 20;

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** "8.6 h", "14.2 min", "31 s" */
export function downtimeText(seconds: number): string {
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)} d`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`;
  return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
}

const ninesText = (a: number) =>
  a >= 1 ? 'no downtime' : `${ninesOfAvailability(a).toFixed(1)} nines`;

function Histogram(props: { report: YearsReport }) {
  const ref = useRef<SVGSVGElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(360);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth(Math.min(560, Math.max(260, w)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const { report } = props;
  const data = yearsHistogramData(
    report.availabilityByYear,
    report.formula.availability,
    report.availability,
  );
  useEffect(() => {
    if (ref.current) drawYearsHistogram(ref.current, data, { width, height: 200 });
  });
  const n = report.availabilityByYear.length;
  const label =
    `Histogram of ${plural(n, 'simulated year')} by availability: ` +
    `${ninesText(Math.min(...report.availabilityByYear))} to ${ninesText(Math.max(...report.availabilityByYear))}` +
    `${data.perfectYears > 0 ? `, ${plural(data.perfectYears, 'year')} with no downtime` : ''}; ` +
    `mean ${ninesText(report.availability)}; the formula's prediction, ${ninesText(report.formula.availability)}, drawn as a dashed line`;
  return (
    <div className="years-chart" ref={box}>
      <svg ref={ref} role="img" aria-label={label} className="years-histogram" />
      <ul className="years-legend" aria-label="Legend">
        <li>
          <span className="swatch bars" aria-hidden="true" /> Years ({formatCount(n)})
        </li>
        <li>
          <span className="swatch mean" aria-hidden="true" /> Mean{' '}
          {percentText(report.availability)}
        </li>
        <li>
          <span className="swatch formula" aria-hidden="true" /> Formula prediction{' '}
          {percentText(report.formula.availability)}
        </li>
      </ul>
    </div>
  );
}

function Results(props: { state: YearsRunState; request: YearsRequest; report: YearsReport }) {
  const { state, request, report } = props;
  const n = report.availabilityByYear.length;
  const partial = n < request.years;
  const over = `over ${plural(n, 'year')}`;
  return (
    <section className="years-results" aria-label="Years results">
      <p className="years-sample">
        {partial
          ? `${state.status === 'running' ? 'So far' : 'Partial results'}: the first ${formatCount(n)} of ${plural(request.years, 'year')} (stretches of 5 years, shown as each finishes in order).`
          : `All ${plural(n, 'simulated year')}, seed ${request.seed}.`}{' '}
        {n < YEARS_FEW &&
          `Only ${plural(n, 'year')}: with fewer than ${YEARS_FEW} the 5th percentile is the worst year itself and the spread is rough; run 100 or more for a steadier picture.`}
      </p>
      <Histogram report={report} />
      <table className="figure-table years-table">
        <caption className="visually-hidden">Results of the simulated years</caption>
        <tbody>
          <tr>
            <th scope="row">Availability</th>
            <td>
              {percentText(report.availability)} {over}
            </td>
          </tr>
          <tr>
            <th scope="row">5th to 95th percentile</th>
            <td>
              {percentText(report.percentile5)} to {percentText(report.percentile95)} (of{' '}
              {plural(n, 'year')})
            </td>
          </tr>
          <tr>
            <th scope="row">Worst year</th>
            <td>
              year {report.worstYear.index + 1}: {percentText(report.worstYear.availability)}
            </td>
          </tr>
          <tr>
            <th scope="row">Downtime</th>
            <td>
              {downtimeText(report.downtimeS)} in all, {downtimeText(report.downtimePerYearS)} a
              year on average ({over})
            </td>
          </tr>
          <tr>
            <th scope="row">Incidents</th>
            <td>
              {report.incidentsPerYear.toFixed(1)} a year ({formatCount(report.incidents)} {over},
              from {formatCount(report.failures)} failures)
            </td>
          </tr>
          <tr>
            <th scope="row">Failures by kind</th>
            <td>
              expected over the run (rate x years x parts) against drawn:{' '}
              {report.failuresByKind
                .map(
                  (c) =>
                    `${c.kind} ${c.expected >= 10 ? c.expected.toFixed(0) : c.expected.toFixed(1)} expected, ${formatCount(c.drawn)} drawn`,
                )
                .join('; ')}
            </td>
          </tr>
          <tr>
            <th scope="row">Acknowledged writes lost</th>
            <td>
              {report.acknowledgedWritesLost === null
                ? `none: ${report.writesLostNote}`
                : `${formatCount(report.acknowledgedWritesLost)} ${over}, at ${formatCount(report.databaseFailovers ?? 0)} database failovers (${report.writesLostNote})`}
            </td>
          </tr>
          <tr>
            <th scope="row">Formula</th>
            <td>
              {percentText(report.formula.availability)} (series/parallel from the same MTBF and
              MTTR)
            </td>
          </tr>
        </tbody>
      </table>
      {report.rareFailureWarning !== null && (
        <p className="years-rare" role="note">
          {report.rareFailureWarning}
        </p>
      )}
      <p className="years-gap">{report.explanation}</p>
      <details className="years-formula">
        <summary>The formula, step by step</summary>
        <ul>
          {report.formula.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
      <CostSummary topology={request.topology} settings={request.settings} />
    </section>
  );
}

/** The panel; `runner` is the page's own unless a test passes one. */
export function YearsPanel(props: { runner?: YearsRunner }) {
  const runner = props.runner ?? yearsRunner;
  const inputId = useId();
  const hintId = useId();
  const problemId = useId();
  const state = useSyncExternalStore(runner.subscribe, runner.getState);
  const topology = usePlayground((s) => s.run.scenario.topology);
  const title = usePlayground((s) => s.run.scenario.title);
  const settings = usePlayground((s) => s.run.settings);
  const seed = usePlayground((s) => s.run.seed);
  const [text, setText] = useState(String(state.request?.years ?? YEARS_DEFAULT));
  const parsed = parseYears(text);
  const problem = 'problem' in parsed ? parsed.problem : null;
  const running = state.status === 'running';
  const { request, report } = state;
  // Compared by value: every report from the session brings new settings objects.
  const stale =
    request !== null &&
    (JSON.stringify(request.topology) !== JSON.stringify(topology) ||
      JSON.stringify(request.settings) !== JSON.stringify(settings));

  const start = () => {
    if ('problem' in parsed) return;
    runner.start({ title, topology, settings, seed, years: parsed.years });
  };

  return (
    <div className="years-panel">
      <p className="hint">
        Runs <strong>{title}</strong> under chaos mode's failure rates (the Chaos settings, rates ×
        {settings.chaos.rateMultiplier}) for many years in fast mode: traffic as rates between
        failures, with the same detection, failover, DNS and repair. Seed {seed}.
      </p>
      <form
        className="years-form"
        onSubmit={(event) => {
          event.preventDefault();
          start();
        }}
      >
        <label htmlFor={inputId}>Years to simulate</label>
        <input
          id={inputId}
          type="text"
          inputMode="numeric"
          size={6}
          value={text}
          aria-invalid={problem !== null}
          aria-describedby={problem !== null ? `${problemId} ${hintId}` : hintId}
          onChange={(event) => setText(event.target.value)}
        />
        <span id={hintId} className="hint">
          {YEARS_RANGE_TEXT}
        </span>
        <button type="submit" className="button" disabled={running || problem !== null}>
          {'years' in parsed ? `Simulate ${plural(parsed.years, 'year')}` : 'Simulate years'}
        </button>
        {running && (
          <button type="button" className="button" onClick={() => runner.cancel()}>
            Cancel
          </button>
        )}
      </form>
      {problem !== null && (
        <p id={problemId} className="years-problem" role="alert">
          {problem}
        </p>
      )}
      {request !== null && (
        <div className="years-progress-row">
          <div
            className="years-progress"
            role="progressbar"
            aria-label="Years simulated"
            aria-valuemin={0}
            aria-valuemax={request.years}
            aria-valuenow={state.yearsDone}
            aria-valuetext={`${formatCount(state.yearsDone)} of ${plural(request.years, 'year')}`}
          >
            <div
              className="years-progress-fill"
              style={{ width: `${(100 * state.yearsDone) / request.years}%` }}
            />
          </div>
          <p role="status" className="years-status">
            {state.status === 'running'
              ? `Simulating ${plural(request.years, 'year')} of ${request.title} on ${plural(state.workerCount, 'worker')}: ${formatCount(state.yearsDone)} done.`
              : state.status === 'done'
                ? `Simulated ${plural(request.years, 'year')} of ${request.title} on ${plural(state.workerCount, 'worker')}.`
                : state.status === 'cancelled'
                  ? `Cancelled after ${formatCount(state.yearsDone)} of ${plural(request.years, 'year')}.`
                  : state.status === 'failed'
                    ? `The run failed: ${state.error ?? 'unknown error'}. Reload the page and try again.`
                    : ''}
          </p>
        </div>
      )}
      {stale && !running && (
        <p className="hint">
          The design or its settings changed since this run: simulate again to see the new one.
        </p>
      )}
      {request !== null && report !== null && (
        <Results state={state} request={request} report={report} />
      )}
    </div>
  );
}
