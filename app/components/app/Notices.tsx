/** Dismissible messages, e.g. about a broken share link. The page keeps working. */
import { dismissNotice } from '../../store';
import { usePlayground } from './usePlayground';
import './notices.css';

export function Notices() {
  const notices = usePlayground((s) => s.ui.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div key={notice.id} className="notice" role="alert">
          <p>{notice.text}</p>
          <button type="button" className="button small" onClick={() => dismissNotice(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
