/**
 * The embedded page's headline, in one line beside the controls: availability with the
 * count it rests on, and the acknowledged writes lost, so a small frame shows how the
 * run is going without scrolling to the figures.
 */
import { formatAvailability, formatCount } from './format';
import { usePlayground } from './usePlayground';

export function EmbedHeadline() {
  const metrics = usePlayground((s) => s.run.metrics);
  const requests = metrics?.requests;
  const finished = (requests?.succeeded ?? 0) + (requests?.degraded ?? 0) + (requests?.failed ?? 0);
  const availability = metrics?.availability ?? Number.NaN;
  // Nothing finished yet: a dash, not a fake 100%.
  const figure =
    finished > 0 && Number.isFinite(availability) ? formatAvailability(availability) : '–';
  const data = metrics?.data;
  return (
    <p className="embed-headline">
      <span>
        Availability <strong>{figure}</strong> of {formatCount(finished)} requests
      </span>
      {data && (
        <span className={data.writesLost > 0 ? 'embed-lost' : undefined}>
          {' · '}
          {data.writesLost > 0 && <span aria-hidden="true">⚠ </span>}
          <strong>{formatCount(data.writesLost)}</strong> of {formatCount(data.writesAcked)}{' '}
          acknowledged writes lost
        </span>
      )}
    </p>
  );
}
