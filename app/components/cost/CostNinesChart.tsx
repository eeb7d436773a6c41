/**
 * Cost against nines across the built-in scenarios: each scenario is run to its own
 * length in a Web Worker (the same engine and seed as the page), then drawn as a point
 * at its monthly cost and the nines its run supports, with a table of the same numbers.
 * Loaded only when asked for; runs only when the button is pressed (it takes a while).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { formatUsd } from '../../scenarios/cost';
import { startSweep } from '../../driver/sweep';
import { formatCount, ninesClaimText } from '../app/format';
import { costNinesPoint, sweepRuns, type CostNinesPoint } from './costNines';

const WIDTH = 320;
const HEIGHT = 200;
const MARGIN = { left: 48, right: 8, top: 8, bottom: 28 };

export function CostNinesChart() {
  const titleId = useId();
  const [points, setPoints] = useState<CostNinesPoint[]>([]);
  const [state, setState] = useState<'idle' | 'running' | 'done' | 'failed'>('idle');
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const run = () => {
    stop.current?.();
    setPoints([]);
    setState('running');
    stop.current = startSweep(sweepRuns(BUILTIN_SCENARIOS), (message) => {
      if (message.type === 'result') {
        const scenario = BUILTIN_SCENARIOS[message.result.index]!;
        setPoints((done) => [...done, costNinesPoint(scenario, message.result)]);
      } else if (message.type === 'done') {
        setState('done');
      } else {
        setState('failed');
      }
    });
  };

  const ninesMax = Math.max(3, Math.ceil(Math.max(0, ...points.map((p) => p.nines))));
  const usdMax = Math.max(100, ...points.map((p) => p.usdPerMonth)) * 1.1;
  const x = (nines: number) =>
    MARGIN.left + (nines / ninesMax) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (usd: number) =>
    HEIGHT - MARGIN.bottom - (usd / usdMax) * (HEIGHT - MARGIN.top - MARGIN.bottom);

  return (
    <div className="cost-nines" aria-labelledby={titleId} role="group">
      <p id={titleId} className="cost-title">
        Cost against nines, built-in scenarios
      </p>
      <p className="hint">
        Each scenario runs once, to its own length with its own faults and seed; its nines are the
        95% lower bound of that run (a few minutes: an extrapolation). Hollow points: too few
        requests to claim one nine.
      </p>
      <p className="design-row">
        <button type="button" className="button small" onClick={run} disabled={state === 'running'}>
          {state === 'idle' ? 'Run the built-in scenarios' : 'Run them again'}
        </button>
        <span role="status">
          {state === 'running'
            ? `Ran ${points.length} of ${BUILTIN_SCENARIOS.length} scenarios…`
            : state === 'done'
              ? `Ran all ${BUILTIN_SCENARIOS.length} scenarios.`
              : state === 'failed'
                ? 'A run failed: reload the page and try again.'
                : ''}
        </span>
      </p>
      {points.length > 0 && (
        <>
          <svg
            className="cost-nines-svg"
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            role="img"
            aria-label={`Monthly cost against nines for ${points.length} scenarios; the table below lists them`}
          >
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} className="axis" />
            <line x1={x(0)} x2={x(0)} y1={MARGIN.top} y2={y(0)} className="axis" />
            {Array.from({ length: ninesMax + 1 }, (_, n) => (
              <text key={n} x={x(n)} y={HEIGHT - 14} textAnchor="middle" className="tick">
                {n}
              </text>
            ))}
            <text x={(WIDTH + MARGIN.left) / 2} y={HEIGHT - 2} textAnchor="middle" className="tick">
              nines (95% lower bound)
            </text>
            {[0, 0.5, 1].map((f) => (
              <text
                key={f}
                x={MARGIN.left - 4}
                y={y(usdMax * f) + 4}
                textAnchor="end"
                className="tick"
              >
                {formatUsd(usdMax * f)}
              </text>
            ))}
            {points.map((p) => (
              <g key={p.name}>
                <circle
                  cx={x(p.nines)}
                  cy={y(p.usdPerMonth)}
                  r={4}
                  className={p.smallSample ? 'point small-sample' : 'point'}
                />
                <title>{`${p.title}: ${formatUsd(p.usdPerMonth)}/month, ${ninesClaimText(p.claim)}`}</title>
              </g>
            ))}
          </svg>
          <table className="figure-table cost-table">
            <caption className="visually-hidden">Monthly cost and nines by scenario</caption>
            <thead>
              <tr>
                <th scope="col">Scenario</th>
                <th scope="col">Cost a month</th>
                <th scope="col">Nines</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.name}>
                  <th scope="row">{p.name}</th>
                  <td className="cost-amount">{formatUsd(p.usdPerMonth)}</td>
                  <td>
                    {ninesClaimText(p.claim)} of {formatCount(p.finished)}
                    {p.smallSample ? ' (small sample)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
