/**
 * Downloads from the page: the metrics series as CSV, a chart as SVG or PNG. Everything
 * is made in the browser from what is already on screen (no server, no external
 * resources), so a PNG drawn through a canvas never taints it.
 */
import type { SeriesPoint } from '../../sim';

/**
 * CSV columns, in order: one row per completed simulated second of the last hour, and
 * before them one per minute of the last day and one per hour of the run (the page's
 * engine holds older seconds in these tiers): `seconds` is how many seconds the row
 * covers from `second`, its counts their sums and its latencies over all of them.
 */
export const CSV_COLUMNS = [
  'second',
  'arrived',
  'succeeded',
  'degraded',
  'failed',
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'seconds',
] as const;

/** A latency cell: milliseconds to the microsecond, empty when no request was answered. */
function msCell(ms: number): string {
  return Number.isFinite(ms) ? String(Number(ms.toFixed(3))) : '';
}

/** The series as CSV (RFC 4180: comma-separated, CRLF line ends, a header row). */
export function seriesCsv(series: readonly SeriesPoint[]): string {
  const rows = series.map((p) =>
    [
      String(p.startS),
      String(p.arrived),
      String(p.succeeded),
      String(p.degraded),
      String(p.failed),
      msCell(p.p50Ms),
      msCell(p.p95Ms),
      msCell(p.p99Ms),
      String(p.widthS ?? 1),
    ].join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** A file name safe on every system: `nines-one-region-seed1-outcomes.svg`. */
export function exportFileName(scenario: string, seed: number, what: string, ext: string): string {
  const safe = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `nines-${safe(scenario)}-seed${seed}-${safe(what)}.${ext}`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element as a standalone document (with its namespace and an XML prolog). */
export function svgMarkup(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.removeAttribute('class');
  let text = new XMLSerializer().serializeToString(copy);
  // The serializer declares the namespace of an element made with createElementNS;
  // declaring it again would be a duplicate attribute, which XML parsers reject.
  if (!text.includes(`xmlns="${SVG_NS}"`)) text = text.replace(/^<svg/, `<svg xmlns="${SVG_NS}"`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
}

/** Starts a download of `blob` as `fileName` (an object URL on a temporary link). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start reading the blob before it is released.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Draws SVG markup onto a canvas `scale` times its size and returns it as a PNG, on a
 * white background (a transparent PNG is unreadable on a dark slide).
 */
export async function svgToPng(
  markup: string,
  widthPx: number,
  heightPx: number,
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    });
    image.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(widthPx * scale);
    canvas.height = Math.round(heightPx * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on a canvas');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
