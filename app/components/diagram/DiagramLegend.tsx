/**
 * The diagram's legend: what the dots, the link widths and labels and each part's marks
 * mean. Items for marks only some drawings have (the database's badge, the breaker's
 * switch, a down row's outline) show while the diagram has them.
 */
import { MESSAGE_STYLE } from '../../views/messages';
import { linkWidthLegend } from '../../views/load';
import { windowText } from '../../views/topology';

export function DiagramLegend(props: {
  dotsText: string;
  fullScalePerS: number | null;
  /** Two designs compared: the link widths are on one scale for both. */
  sharedScale: boolean;
  reducedMotion: boolean;
  database: boolean;
  dependency: boolean;
  /**
   * Some down part is struck round instead of crossed, in the drawing on screen (its row
   * too full of words for a cross: `renderTopology`'s `outlined`, decided by cross.ts).
   */
  outlined: boolean;
  /** The simulated time the link rates cover (null before they cover RATE_WINDOW_US). */
  rateWindowUs: number | null;
}) {
  const { reducedMotion, database, dependency, fullScalePerS, rateWindowUs } = props;
  return (
    <ul className="legend diagram-legend" aria-label="Legend">
      {reducedMotion ? (
        <li>Reduced motion: each link shows its messages on the wire as a count.</li>
      ) : (
        <>
          {Object.values(MESSAGE_STYLE).map((style) => (
            <li key={style.label}>
              <span
                className={`shape shape-${style.shape}`}
                style={
                  style.shape === 'ring' || style.shape === 'cross'
                    ? { color: `var(${style.token}, ${style.colour})` }
                    : { background: `var(${style.token}, ${style.colour})` }
                }
                aria-hidden="true"
              />{' '}
              {style.label}
            </li>
          ))}
          <li className="dots-scale">{props.dotsText}</li>
        </>
      )}
      <li>
        <span className="glyph-queue" aria-hidden="true" /> one queued request at a server
      </li>
      {fullScalePerS !== null && (
        <li className="links-scale">{linkWidthLegend(fullScalePerS, props.sharedScale)}</li>
      )}
      <li>
        <span className="glyph-cross" aria-hidden="true">
          ✕
        </span>{' '}
        down
      </li>
      {/* Only while one is drawn: a key for a mark nobody can see is one more line to read. */}
      {props.outlined && (
        <li className="outline-key">
          <span className="glyph-outline" aria-hidden="true" /> down (row too full of words for a
          cross)
        </li>
      )}
      <li>
        <span className="glyph-dashed" aria-hidden="true" /> marked unhealthy by the balancer
      </li>
      <li>
        <span className="glyph-dotted" aria-hidden="true" /> ejected (outlier detection)
      </li>
      {database && (
        <li>
          <span className="glyph-badge" aria-hidden="true">
            P
          </span>{' '}
          database primary
        </li>
      )}
      {dependency && (
        <li>
          <span className="glyph-switch" aria-hidden="true">
            ⎯╱
          </span>{' '}
          circuit breaker open
        </li>
      )}
      <li>
        n/s: requests routed per simulated second
        {rateWindowUs !== null && `, over the ${windowText(rateWindowUs)}`}
      </li>
    </ul>
  );
}
