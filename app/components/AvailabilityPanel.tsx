/**
 * The live availability figure (accessible name "Availability"): request-based
 * availability since the start and over the last 60 simulated seconds, the nines,
 * request counts and latency, and the simulated clock.
 */
import { useId } from 'react';
import { formatSimTime } from '../sim';
import {
  failureBreakdown,
  formatAvailability,
  formatCount,
  formatMs,
  formatNines,
  formatSpeed,
} from './format';
import { usePlayground } from './usePlayground';

export function AvailabilityPanel() {
  const metrics = usePlayground((s) => s.run.metrics);
  const playing = usePlayground((s) => s.run.playing);
  const speed = usePlayground((s) => s.run.speed);

  const nowUs = metrics?.nowUs ?? 0;
  const requests = metrics?.requests;
  const finished = (requests?.succeeded ?? 0) + (requests?.failed ?? 0);
  const window = metrics?.window60s;
  const windowFinished = (window?.succeeded ?? 0) + (window?.failed ?? 0);

  return (
    <section className="panel availability" aria-labelledby="availability-title">
      <div className="panel-head">
        <h2 id="availability-title">Availability</h2>
        <p className="clock">
          <span className="clock-label">Simulated time</span>{' '}
          <time className="clock-value">{formatSimTime(nowUs)}</time>{' '}
          <span className="clock-state">
            {playing ? `running at ${formatSpeed(speed)}` : 'paused'}
          </span>
        </p>
      </div>

      <div className="figures">
        <Figure
          title="Since start"
          value={finished === 0 ? '–' : formatAvailability(metrics?.availability ?? 1)}
          nines={
            finished === 0 ? 'no requests finished yet' : ninesText(metrics?.availability ?? 1)
          }
          explanation="request-based: succeeded ÷ finished"
          main
        />
        <Figure
          title="Last 60 s"
          value={windowFinished === 0 ? '–' : formatAvailability(window?.availability ?? 1)}
          nines={
            windowFinished === 0 ? 'no requests finished yet' : ninesText(window?.availability ?? 1)
          }
          explanation="same, over the last 60 simulated seconds"
        />
      </div>

      <dl className="counts">
        <div>
          <dt>Succeeded</dt>
          <dd>{formatCount(requests?.succeeded ?? 0)}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>
            {formatCount(requests?.failed ?? 0)}
            <span className="detail"> ({failureBreakdown(requests?.failedBy)})</span>
          </dd>
        </div>
        <div>
          <dt>In flight</dt>
          <dd>{formatCount(requests?.inFlight ?? 0)}</dd>
        </div>
        <div className="wide">
          <dt>
            Latency <span className="detail">of successful requests since start</span>
          </dt>
          <dd>
            p50 {formatMs(metrics?.latencyMs.p50 ?? NaN)}
            <span className="sep"> · </span>p99 {formatMs(metrics?.latencyMs.p99 ?? NaN)}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function ninesText(availability: number): string {
  return availability >= 1 ? '∞ nines: no failures yet' : formatNines(availability);
}

function Figure(props: {
  title: string;
  value: string;
  nines: string;
  explanation: string;
  main?: boolean;
}) {
  const titleId = useId();
  return (
    <div className={props.main ? 'figure main' : 'figure'} role="group" aria-labelledby={titleId}>
      <p className="figure-title" id={titleId}>
        {props.title}
      </p>
      <p className="figure-value">{props.value}</p>
      <p className="figure-nines">{props.nines}</p>
      <p className="figure-explanation">{props.explanation}</p>
    </div>
  );
}
