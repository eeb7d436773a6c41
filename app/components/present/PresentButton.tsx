/**
 * The toolbar's Present toggle, apart from Presentation.tsx so the presenter's strip
 * loads only when presenting (issue 12: a small first load).
 */
import { setPresenting } from '../../store';
import { withPresenting } from './presentation';
import { usePlayground } from '../app/usePlayground';
import './presentation.css';

/** Enters presentation mode: the address says so (a bookmark reopens it), full screen if allowed. */
function enterPresentation(): void {
  setPresenting(true);
  window.history.replaceState(window.history.state, '', withPresenting(window.location.href, true));
  // Full screen needs a user's click; refused (or unsupported) is fine: the layout works anyway.
  document.documentElement.requestFullscreen?.().catch(() => undefined);
}

export function leavePresentation(): void {
  setPresenting(false);
  window.history.replaceState(
    window.history.state,
    '',
    withPresenting(window.location.href, false),
  );
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
}

/** The toolbar's toggle. */
export function PresentButton() {
  const presenting = usePlayground((s) => s.ui.presenting);
  return (
    <button
      type="button"
      className="button present"
      aria-pressed={presenting}
      onClick={presenting ? leavePresentation : enterPresentation}
      title={
        presenting
          ? 'Leave presentation mode (Escape)'
          : 'Big-screen layout for a talk; a presenter remote steps through the fault script'
      }
    >
      <span aria-hidden="true" className="icon">
        ▣
      </span>
      Present
    </button>
  );
}
