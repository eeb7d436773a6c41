/**
 * The event log: time, component id, what happened; newest at the bottom. It follows
 * new lines only while the reader is at the bottom, so scrolling up to read is never
 * undone. Detections are also announced politely to screen readers (not every line).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { formatSimTime, type LogCategory } from '../sim';
import { usePlayground } from './usePlayground';

/** Text tag per category, so colour is never the only cue. */
const CATEGORY_TAG: Record<LogCategory, string> = {
  fault: 'fault',
  recovery: 'recovery',
  detection: 'detected',
  info: 'info',
};

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_SLACK_PX = 24;

export function EventLog() {
  const log = usePlayground((s) => s.run.log);
  const lastDetection = usePlayground((s) => s.run.lastDetection);
  const listRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);
  const [following, setFollowing] = useState(true);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && stickRef.current) list.scrollTop = list.scrollHeight;
  }, [log]);

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - STICK_SLACK_PX;
    stickRef.current = atBottom;
    setFollowing(atBottom);
  };

  const jumpToNewest = () => {
    const list = listRef.current;
    if (!list) return;
    stickRef.current = true;
    setFollowing(true);
    list.scrollTop = list.scrollHeight;
  };

  return (
    <section className="panel log" aria-labelledby="log-title">
      <div className="panel-head">
        <h2 id="log-title">Event log</h2>
        {!following && (
          <button type="button" className="button small" onClick={jumpToNewest}>
            Jump to newest ↓
          </button>
        )}
      </div>
      <ol
        className="log-list"
        ref={listRef}
        onScroll={onScroll}
        tabIndex={0}
        aria-label="Events, newest last"
      >
        {log.length === 0 && (
          <li className="log-empty">
            Nothing has happened yet. Click a server (or Tab to it and press Enter) and kill it.
          </li>
        )}
        {log.map((entry) => (
          <li key={entry.index} className={`log-entry cat-${entry.category}`}>
            <time className="log-time">{formatSimTime(entry.atUs)}</time>
            <span className="log-tag">{CATEGORY_TAG[entry.category]}</span>
            <span className="log-target" title={entry.target}>
              {entry.target}
            </span>
            <span className="log-message">{entry.message}</span>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {lastDetection ? `${formatSimTime(lastDetection.atUs)}: ${lastDetection.message}` : ''}
      </p>
    </section>
  );
}
