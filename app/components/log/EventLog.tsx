/**
 * The event log: time, component id, what happened; newest at the bottom. It follows
 * new lines only while the reader is at the bottom and not reading a line, so
 * scrolling up or moving through lines is never undone. Detections are also announced
 * politely to screen readers (not every line).
 *
 * Linked with the diagram: choosing a line (click, or Enter on a focused line; ↑ ↓
 * move between lines) selects its component in the store, and the diagram highlights
 * it. When a component is selected, "Show only <id>" filters the log to it.
 *
 * It sits beside the diagram, a few lines high so the figures fit under it on a laptop
 * screen; "Show more lines" makes it taller.
 */
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatSimTime, type LogCategory, type LogEntry } from '../../sim';
import { selectComponent } from '../../store';
import { emptyLogText, logMentions, logSelectionTarget } from './logFilter';
import { usePlayground } from '../app/usePlayground';
import './eventLog.css';

/** Text tag per category, so colour is never the only cue. */
const CATEGORY_TAG: Record<LogCategory, string> = {
  fault: 'fault',
  recovery: 'recovery',
  detection: 'detected',
  info: 'info',
};

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_SLACK_PX = 24;

/** Lines a Page Up / Page Down key press moves. */
const PAGE_LINES = 10;

export function EventLog() {
  const log = usePlayground((s) => s.run.log);
  const lastDetection = usePlayground((s) => s.run.lastDetection);
  const selectedId = usePlayground((s) => s.ui.selectedId);
  const components = usePlayground((s) => s.run.components);
  const links = usePlayground((s) => s.run.links);
  const runId = usePlayground((s) => s.run.runId);
  const requests = usePlayground((s) => s.run.metrics?.requests);
  const listRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);
  const [following, setFollowing] = useState(true);
  const [tall, setTall] = useState(false);
  const [filter, setFilter] = useState<{ runId: number; id: string } | null>(null);
  /** The line that takes Tab focus (roving tabindex), by log index. */
  const [activeIndex, setActiveIndex] = useState<number | null>(null);

  const partIds = useMemo(
    () => new Set([...components.map((c) => c.id), ...links.map((l) => l.id)]),
    [components, links],
  );
  // A filter belongs to the run it was set in (ids can change with the scenario).
  const filterId = filter && filter.runId === runId ? filter.id : null;
  const shown = useMemo(
    () => (filterId === null ? log : log.filter((e) => logMentions(e, filterId))),
    [log, filterId],
  );
  const tabbable = shown.some((e) => e.index === activeIndex)
    ? activeIndex
    : (shown[shown.length - 1]?.index ?? null);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || !stickRef.current) return;
    // Someone reading a line keeps it: only follow when focus is elsewhere.
    if (list.contains(document.activeElement)) return;
    list.scrollTop = list.scrollHeight;
  }, [shown]);

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

  const choose = (entry: LogEntry) => {
    setActiveIndex(entry.index);
    const target = logSelectionTarget(entry, partIds);
    if (target !== null) selectComponent(target);
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const lines = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('.log-line') ?? [])];
    const at = lines.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const moves: Record<string, number> = {
      ArrowUp: at - 1,
      ArrowDown: at + 1,
      PageUp: at - PAGE_LINES,
      PageDown: at + PAGE_LINES,
      Home: 0,
      End: lines.length - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const index = Math.min(lines.length - 1, Math.max(0, to));
    const entry = shown[index];
    if (entry) setActiveIndex(entry.index);
    lines[index]?.focus();
  };

  const filterControls = (
    <div className="log-filter">
      {filterId !== null && (
        <>
          <p className="log-filter-state" role="status">
            Showing only <code>{filterId}</code>: {shown.length} of {log.length} lines
          </p>
          <button type="button" className="button small" onClick={() => setFilter(null)}>
            Show all
          </button>
        </>
      )}
      {selectedId !== null && selectedId !== filterId && (
        <button
          type="button"
          className="button small"
          onClick={() => {
            setFilter({ runId, id: selectedId });
            stickRef.current = true;
            setFollowing(true);
          }}
        >
          Show only {selectedId}
        </button>
      )}
    </div>
  );

  return (
    <section className="panel log" aria-labelledby="log-title">
      <div className="panel-head">
        <h2 id="log-title">Event log</h2>
        {filterControls}
        {!following && (
          <button type="button" className="button small" onClick={jumpToNewest}>
            Jump to newest ↓
          </button>
        )}
      </div>
      <ol
        id="log-lines"
        className={tall ? 'log-list tall' : 'log-list'}
        ref={listRef}
        onScroll={onScroll}
        onKeyDown={onListKeyDown}
        aria-label="Events, newest last"
      >
        {shown.length === 0 && <li className="log-empty">{emptyLogText(filterId, requests)}</li>}
        {shown.map((entry) => {
          const selected = selectedId !== null && entry.target === selectedId;
          return (
            <li
              key={entry.index}
              className={`log-entry cat-${entry.category}${selected ? ' selected' : ''}`}
            >
              <button
                type="button"
                className="log-line"
                tabIndex={entry.index === tabbable ? 0 : -1}
                aria-current={selected ? 'true' : undefined}
                onClick={() => choose(entry)}
                onFocus={() => setActiveIndex(entry.index)}
              >
                <time className="log-time">{formatSimTime(entry.atUs)}</time>
                <span className="log-tag">{CATEGORY_TAG[entry.category]}</span>
                <span className="log-target" title={entry.target}>
                  {entry.target}
                </span>
                <span className="log-message">{entry.message}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="log-foot">
        <p className="log-keys">
          Choose a line (click, or ↑ ↓ and Enter) to select its component on the diagram.
        </p>
        <button
          type="button"
          className="button small"
          aria-expanded={tall}
          aria-controls="log-lines"
          onClick={() => setTall((was) => !was)}
        >
          {tall ? 'Show fewer lines' : 'Show more lines'}
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {lastDetection ? `${formatSimTime(lastDetection.atUs)}: ${lastDetection.message}` : ''}
      </p>
    </section>
  );
}
