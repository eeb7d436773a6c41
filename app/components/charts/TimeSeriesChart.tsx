/**
 * One chart of the Charts tab: mounts the D3 view (app/views/chart.ts) in an SVG,
 * redraws it when a second completes, the time axis grows, the cursor moves or the box
 * is resized (not on every report), and reads values at a second, with the mouse
 * (hover) or the keyboard (focus the chart, then ← → move one second, Shift+← → ten,
 * Home/End the first/last second, Escape clears). The legend doubles as the readout.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  markerLabel,
  renderTimeSeries,
  secondAtPx,
  timeDomainS,
  type ChartGeometry,
  type ChartSpec,
  type MarkerKeyEntry,
} from '../../views/chart';
import { readoutAt, readoutSentence } from '../../views/charts';
import type { LogEntry } from '../../sim';
import { formatSimTime } from '../../sim';
import { downloadBlob, exportFileName, svgMarkup, svgToPng } from '../share/exports';
import { chartRedraws } from '../../driver/redraws';

/** Size of exported charts: wide enough for a slide, text at a projector's size. */
export const EXPORT_SIZE = { widthPx: 1280, heightPx: 560, fontPx: 20 } as const;

export interface TimeSeriesChartProps {
  spec: ChartSpec;
  /** Short name for buttons and the focusable plot: "outcomes chart". */
  name: string;
  markers: readonly LogEntry[];
  nowUs: number;
  /** Second under the cursor (shared by every chart), or null. */
  cursorS: number | null;
  onCursor: (second: number | null) => void;
  /** Tells screen readers the values at the cursor after a key press. */
  onAnnounce: (text: string) => void;
  /** Scenario name and seed, for the exported file names. */
  fileStem: { scenario: string; seed: number };
  /** Extra controls next to the title (e.g. the latency scale switch). */
  controls?: React.ReactNode;
  onError: (message: string) => void;
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { spec, cursorS, onCursor, onAnnounce } = props;
  const titleId = useId();
  const hintId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const geometryRef = useRef<ChartGeometry | null>(null);
  const [size, setSize] = useState({ widthPx: 0, heightPx: 0, fontPx: 16 });
  // The key of numbered markers, as the last drawing planned it (under the box, so the
  // plot keeps its height however many markers there are).
  const [markerKey, setMarkerKey] = useState<readonly MarkerKeyEntry[]>([]);

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

  // Whether the chart is in view: off screen it redraws at most once a second.
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const box = boxRef.current;
    if (!box || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) =>
      setOnScreen(entries[entries.length - 1]?.isIntersecting ?? true),
    );
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // The time axis ends at a whole second: between two, a report changes nothing drawn.
  const axisEndS = timeDomainS(props.nowUs)[1];
  // Redrawn in a coming animation frame, one chart per frame (app/driver/redraws.ts),
  // so a report's four redraws do not all land in the frame that publishes it; out of
  // view, at most once a second (at 1280x800 the four charts start below the fold).
  const redrawKey = useId();
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || size.widthPx === 0 || size.heightPx === 0) return;
    const markers = props.markers;
    chartRedraws().request(
      redrawKey,
      () => {
        const drawn = renderTimeSeries(svg, spec, {
          markers,
          nowUs: axisEndS * 1_000_000,
          cursorS,
          ...size,
        });
        geometryRef.current = drawn;
        setMarkerKey((shown) => (sameKey(shown, drawn.markerKey) ? shown : drawn.markerKey));
      },
      { offScreen: !onScreen },
    );
  }, [spec, props.markers, axisEndS, cursorS, size, redrawKey, onScreen]);
  useEffect(() => () => chartRedraws().cancel(redrawKey), [redrawKey]);

  const lastIndex = spec.count - 1;
  const lastS = lastIndex >= 0 ? spec.startS(lastIndex) : -1;
  const cursorIndex = cursorS === null ? -1 : spec.indexOf(cursorS);
  const readIndex = cursorIndex >= 0 ? cursorIndex : lastIndex;
  const readout = readIndex >= 0 ? readoutAt(spec, readIndex) : [];
  const readAtS = readIndex >= 0 ? spec.startS(readIndex) : null;

  const moveTo = (second: number) => {
    const s = Math.min(lastS, Math.max(0, second));
    onCursor(s);
    const index = spec.indexOf(s);
    if (index >= 0) onAnnounce(readoutSentence(spec, index));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (lastS < 0) return;
    const from = cursorS ?? lastS;
    const stride = event.shiftKey ? 10 : 1;
    const moves: Record<string, number> = {
      ArrowLeft: from - stride,
      ArrowRight: from + stride,
      Home: 0,
      End: lastS,
    };
    if (event.key === 'Escape' && cursorS !== null) {
      event.preventDefault();
      onCursor(null);
      onAnnounce('Cursor cleared: the legend shows the latest second.');
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(cursorS === null && event.key.startsWith('Arrow') ? lastS : target);
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const geometry = geometryRef.current;
    const svg = svgRef.current;
    if (!geometry || !svg) return;
    const xPx = event.clientX - svg.getBoundingClientRect().left;
    const second = secondAtPx(geometry, xPx, lastS);
    if (second !== null && second !== cursorS) onCursor(second);
  };

  const onPointerLeave = () => {
    // A keyboard user's cursor stays while the chart has focus.
    if (document.activeElement !== boxRef.current) onCursor(null);
  };

  const download = async (kind: 'svg' | 'png') => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    renderTimeSeries(svg, spec, {
      markers: props.markers,
      nowUs: props.nowUs,
      cursorS: null,
      standalone: true,
      ...EXPORT_SIZE,
    });
    const markup = svgMarkup(svg);
    const fileName = exportFileName(props.fileStem.scenario, props.fileStem.seed, spec.id, kind);
    try {
      const blob =
        kind === 'svg'
          ? new Blob([markup], { type: 'image/svg+xml' })
          : await svgToPng(markup, EXPORT_SIZE.widthPx, EXPORT_SIZE.heightPx);
      downloadBlob(blob, fileName);
    } catch (error) {
      props.onError(`Could not export the ${props.name}: ${(error as Error).message}`);
    }
  };

  const markerText =
    props.markers.length === 0
      ? 'No faults yet.'
      : `Marks: ${props.markers.map((m) => `${markerLabel(m)} at ${formatSimTime(m.atUs)}`).join('; ')}.`;
  const summary =
    lastIndex < 0
      ? 'No data yet: the chart starts after the first simulated second.'
      : `${spec.count} simulated seconds. Latest second: ${readoutAt(spec, lastIndex)
          .map((r) => `${r.label} ${r.value}`)
          .join(', ')}. ${markerText}`;

  return (
    <section className="ts-chart" aria-labelledby={titleId}>
      <div className="ts-head">
        <h3 id={titleId}>{spec.title}</h3>
        <div className="ts-tools">
          {props.controls}
          <button
            type="button"
            className="button small"
            aria-label={`Download ${props.name} SVG`}
            onClick={() => void download('svg')}
          >
            SVG
          </button>
          <button
            type="button"
            className="button small"
            aria-label={`Download ${props.name} PNG`}
            onClick={() => void download('png')}
          >
            PNG
          </button>
        </div>
      </div>
      <div
        className="ts-box"
        ref={boxRef}
        tabIndex={0}
        role="group"
        aria-label={`${spec.title}: chart`}
        aria-describedby={hintId}
        onKeyDown={onKeyDown}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onBlur={() => onCursor(null)}
      >
        <svg ref={svgRef} role="img" aria-label={summary} />
      </div>
      {markerKey.length > 0 && (
        <ol className="ts-numbered-marks" aria-label={`${spec.title}: numbered marks`}>
          {markerKey.map((entry) => (
            <li key={entry.number} className={`ts-mark-${entry.category}`}>
              <strong>{entry.number}</strong> {entry.label}
            </li>
          ))}
        </ol>
      )}
      <p id={hintId} className="visually-hidden">
        Use the left and right arrow keys to read the values second by second; Shift moves ten
        seconds; Escape clears.
      </p>
      <ul className="ts-legend" aria-label={`${spec.title}: legend and values`}>
        <li className="ts-at">
          {readAtS === null
            ? 'no data yet'
            : `${cursorIndex >= 0 ? 'at' : 'latest'} ${minutes(readAtS)}`}
        </li>
        {spec.layers.map((layer) => {
          const item = readout.find((r) => r.key === layer.key);
          return (
            <li key={layer.key}>
              <span
                className={`ts-key ts-key-${layer.kind}${layer.dashed ? ' dashed' : ''}${layer.hatched ? ' hatched' : ''}`}
                style={{ '--key-color': layer.color } as React.CSSProperties}
                aria-hidden="true"
              />
              {layer.label} <strong className="ts-value">{item?.value ?? '–'}</strong>
            </li>
          );
        })}
        {spec.reference && (
          <li>
            <span
              className="ts-key ts-key-reference"
              style={{ '--key-color': spec.reference.color } as React.CSSProperties}
              aria-hidden="true"
            />
            {spec.reference.label}
          </li>
        )}
      </ul>
    </section>
  );
}

/** Whether two keys list the same entries (a redraw that changes none re-renders nothing). */
function sameKey(a: readonly MarkerKeyEntry[], b: readonly MarkerKeyEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((e, i) => e.label === b[i]!.label && e.category === b[i]!.category)
  );
}

function minutes(second: number): string {
  return `${Math.floor(second / 60)}:${String(second % 60).padStart(2, '0')}`;
}
