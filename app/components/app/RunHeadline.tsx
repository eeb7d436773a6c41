/**
 * The run's headline in one line (two on a narrow screen): availability with the count it
 * rests on, and the acknowledged writes lost, so a small frame (an embed, beside its
 * controls) or a phone (under its header, issue 14) shows how the run is going without
 * scrolling to the figures.
 */
import { formatAvailability, formatCount, waitingNote } from './format';
import { usePlayground } from './usePlayground';

export function RunHeadline(props: { place: 'embed' | 'phone' }) {
  const metrics = usePlayground((s) => s.run.metrics);
  const requests = metrics?.requests;
  const finished = (requests?.succeeded ?? 0) + (requests?.degraded ?? 0) + (requests?.failed ?? 0);
  const availability = metrics?.availability ?? Number.NaN;
  // Nothing finished yet: a dash, not a fake 100%.
  const figure =
    finished > 0 && Number.isFinite(availability)
      ? formatAvailability(availability, finished)
      : '–';
  const data = metrics?.data;
  const waiting = waitingNote(requests?.inFlight ?? 0, finished);
  return (
    <p className={`run-headline ${props.place}-headline`}>
      {/* The separator ends the first part: where the line wraps, it never starts one. */}
      <span>
        Availability <strong>{figure}</strong> of {formatCount(finished)} requests
        {waiting && ` · ${waiting}`}
        {data && ' · '}
      </span>
      {data && (
        <span className={data.writesLost > 0 ? 'headline-lost' : undefined}>
          {data.writesLost > 0 && <span aria-hidden="true">⚠ </span>}
          <strong>{formatCount(data.writesLost)}</strong> of {formatCount(data.writesAcked)}{' '}
          acknowledged writes lost
        </span>
      )}
    </p>
  );
}
