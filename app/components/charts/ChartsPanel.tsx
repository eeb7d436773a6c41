/**
 * The Charts tab: four D3 time-series over simulated time from the engine's
 * per-second series (outcomes, latency percentiles, throughput, availability against
 * the SLO), each marked with the run's faults and recoveries. One cursor is shared, so
 * a second read on one chart lines up on all four. Downloads: each chart as SVG or
 * PNG, the series as CSV.
 */
import { useMemo, useState } from 'react';
import {
  availabilityChart,
  latencyChart,
  outcomesChart,
  SeriesBuckets,
  throughputChart,
} from '../../views/charts';
import { addNotice, requestSeries } from '../../store';
import { downloadBlob, exportFileName, seriesCsv } from '../share/exports';
import { TimeSeriesChart } from './TimeSeriesChart';
import { usePlayground } from '../app/usePlayground';
import { useNarrowScreen } from '../app/useMediaQuery';
import './charts.css';

const NO_SERIES = [] as const;

/** How to read one second, in the words of a mouse and a keyboard. */
const LAPTOP_CHARTS_HINT =
  'Hover a chart, or focus it and press ← →, to read one second on all four.';
/**
 * The same on a phone (the layout App.tsx's diagram hint also speaks touch in): a finger
 * sliding sideways on a chart reads it (charts.css lets vertical drags scroll the page).
 */
const PHONE_CHARTS_HINT = 'Slide a finger along a chart to read one second on all four.';

export function ChartsPanel() {
  const phone = useNarrowScreen();
  const series = usePlayground((s) => s.run.metrics?.series ?? NO_SERIES);
  const nowUs = usePlayground((s) => s.run.metrics?.nowUs ?? 0);
  const markers = usePlayground((s) => s.run.markers);
  const sloTarget = usePlayground((s) => s.run.settings.slo.target);
  const degradedCounts = usePlayground(
    (s) => s.run.settings.degradation.countsAsAvailable === 'on',
  );
  const scenario = usePlayground((s) => s.run.scenario.name);
  const seed = usePlayground((s) => s.run.seed);
  const runId = usePlayground((s) => s.run.runId);
  const [cursor, setCursor] = useState<{ runId: number; second: number | null }>({
    runId,
    second: null,
  });
  const [announcement, setAnnouncement] = useState('');
  const [logScale, setLogScale] = useState(true);
  // Each chart's min/max buckets live as long as the panel: a report adds its new
  // seconds only (a new run or other settings start them again).
  const [kept] = useState(() => ({
    outcomes: new SeriesBuckets(3),
    latency: new SeriesBuckets(3),
    throughput: new SeriesBuckets(2),
    availability: new SeriesBuckets(2),
  }));

  // A cursor belongs to one run: after Reset it starts cleared.
  const cursorS = cursor.runId === runId ? cursor.second : null;
  const setCursorS = (second: number | null) => setCursor({ runId, second });

  const specs = useMemo(
    () => ({
      outcomes: outcomesChart(series, kept.outcomes),
      latency: latencyChart(series, logScale ? 'log' : 'linear', kept.latency),
      throughput: throughputChart(series, kept.throughput),
      availability: availabilityChart(
        series,
        sloTarget,
        { degradedCountsAsAvailable: degradedCounts },
        kept.availability,
      ),
    }),
    [series, logScale, sloTarget, degradedCounts, kept],
  );

  const fileStem = { scenario, seed };
  const common = {
    markers,
    nowUs,
    cursorS,
    onCursor: setCursorS,
    onAnnounce: setAnnouncement,
    fileStem,
    onError: (message: string) => void addNotice(message),
  };

  // The page holds only the seconds the charts draw: the file gets every second, asked
  // of the session that runs the engine.
  const downloadCsv = async () => {
    const whole = await requestSeries();
    if (whole === null) {
      addNotice('Could not export the metrics: the run changed or stopped; try again.');
      return;
    }
    downloadBlob(
      new Blob([seriesCsv(whole)], { type: 'text/csv;charset=utf-8' }),
      exportFileName(scenario, seed, 'metrics', 'csv'),
    );
  };

  return (
    <section className="panel charts-panel" aria-labelledby="charts-title">
      <div className="panel-head charts-head">
        <h2 id="charts-title">Charts over simulated time</h2>
        <button type="button" className="button small" onClick={() => void downloadCsv()}>
          Download metrics CSV
        </button>
      </div>
      <p className="charts-hint">
        {phone ? PHONE_CHARTS_HINT : LAPTOP_CHARTS_HINT}{' '}
        <span className="ts-marker-key">
          <span className="ts-key ts-key-fault" aria-hidden="true" /> fault
        </span>{' '}
        <span className="ts-marker-key">
          <span className="ts-key ts-key-recovery" aria-hidden="true" /> recovery
        </span>
      </p>
      <TimeSeriesChart spec={specs.outcomes} name="outcomes chart" {...common} />
      <TimeSeriesChart
        spec={specs.latency}
        name="latency chart"
        {...common}
        controls={
          <label className="ts-toggle">
            <input
              type="checkbox"
              checked={logScale}
              onChange={(event) => setLogScale(event.target.checked)}
            />
            Log scale
          </label>
        }
      />
      <TimeSeriesChart spec={specs.throughput} name="throughput chart" {...common} />
      <TimeSeriesChart spec={specs.availability} name="availability chart" {...common} />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
