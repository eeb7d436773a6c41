/** Mounts the success-rate chart view and redraws it on each report or resize. */
import { useEffect, useRef, useState } from 'react';
import { CHART_EMPTY_TEXT, markerLabel, renderChart } from '../views/chart';
import { formatSimTime } from '../sim';
import { usePlayground } from './usePlayground';

export function SuccessChart() {
  const metrics = usePlayground((s) => s.run.metrics);
  const markers = usePlayground((s) => s.run.markers);
  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState({ widthPx: 0, heightPx: 0, fontPx: 16 });

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const measure = () => {
      const fontPx = parseFloat(getComputedStyle(box).fontSize) || 16;
      setSize({ widthPx: box.clientWidth, heightPx: box.clientHeight, fontPx });
    };
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || size.widthPx === 0 || size.heightPx === 0) return;
    renderChart(svg, {
      series: metrics?.series ?? [],
      markers,
      nowUs: metrics?.nowUs ?? 0,
      ...size,
    });
  }, [metrics, markers, size]);

  const points = metrics?.series.length ?? 0;
  const worst = (metrics?.series ?? []).reduce((low, p) => {
    const finished = p.succeeded + p.failed;
    return finished > 0 ? Math.min(low, p.succeeded / finished) : low;
  }, 1);
  const description =
    points === 0
      ? CHART_EMPTY_TEXT
      : `${points} simulated seconds; lowest success rate ${(worst * 100).toFixed(1)}%.` +
        (markers.length > 0
          ? ` Marks: ${markers.map((m) => `${markerLabel(m)} at ${formatSimTime(m.atUs)}`).join('; ')}.`
          : '');

  return (
    <section className="panel chart" aria-labelledby="chart-title">
      <h2 id="chart-title">Success rate per simulated second</h2>
      <div className="chart-box" ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label={`Success rate chart. ${description}`} />
      </div>
      <ul className="legend chart-legend" aria-label="Chart legend">
        <li>
          <span className="key key-line" aria-hidden="true" /> succeeded, % of finished
        </li>
        <li>
          <span className="key key-area" aria-hidden="true" /> failed share
        </li>
        <li>
          <span className="key key-fault" aria-hidden="true" /> fault
        </li>
        <li>
          <span className="key key-recovery" aria-hidden="true" /> recovery
        </li>
      </ul>
    </section>
  );
}
