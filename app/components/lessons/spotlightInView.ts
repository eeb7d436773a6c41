/**
 * On a phone the step card sits under the tall, top-to-bottom diagram, so focusing the
 * card at a lesson's pause would scroll the ringed parts off the top of the screen. This
 * brings the rings into view instead (and the card's pause note too, when both fit), above
 * the fixed bar of panels at the bottom (issue 14).
 */

/** A vertical extent on screen, in CSS pixels from the top of the viewport. */
export interface VerticalSpan {
  top: number;
  bottom: number;
}

/** Room kept between what is brought into view and the edges of the visible band, in px. */
export const SPOTLIGHT_MARGIN_PX = 12;

/**
 * How far to scroll the page down (negative: up), in CSS pixels, so the rings show inside
 * the visible band with `marginPx` to spare: the least scroll that does it ("nearest"), and
 * none when they show already. When the pause note fits beside the rings it is brought into
 * view with them; when the rings alone are taller than the band, their middle goes to the
 * band's middle.
 */
export function spotlightScrollDeltaPx(
  rings: VerticalSpan,
  note: VerticalSpan | null,
  band: VerticalSpan,
  marginPx = SPOTLIGHT_MARGIN_PX,
): number {
  const room = band.bottom - band.top - 2 * marginPx;
  const withNote = note
    ? { top: Math.min(rings.top, note.top), bottom: Math.max(rings.bottom, note.bottom) }
    : rings;
  const target = withNote.bottom - withNote.top <= room ? withNote : rings;
  if (target.bottom - target.top > room) {
    return (target.top + target.bottom) / 2 - (band.top + band.bottom) / 2;
  }
  if (target.top < band.top + marginPx) return target.top - (band.top + marginPx);
  if (target.bottom > band.bottom - marginPx) return target.bottom - (band.bottom - marginPx);
  return 0;
}

/**
 * Scrolls the page so the lesson spotlight's rings and label (and `note`, when both fit) show between
 * the top of the screen and the phone's bottom bar. Instant under prefers-reduced-motion,
 * smooth otherwise. Does nothing while no ring is drawn.
 */
export function bringSpotlightIntoView(note: Element | null, reducedMotion: boolean): void {
  // The rings and the label that says what to look at.
  const boxes = [
    ...document.querySelectorAll('svg.spotlight .spotlight-ring, svg.spotlight .spotlight-label'),
  ]
    .map((ring) => ring.getBoundingClientRect())
    .filter((box) => box.width > 0 || box.height > 0);
  if (boxes.length === 0) return;
  const rings = {
    top: Math.min(...boxes.map((box) => box.top)),
    bottom: Math.max(...boxes.map((box) => box.bottom)),
  };
  const noteBox = note?.getBoundingClientRect();
  const barTop = document.querySelector('.side-groupbar')?.getBoundingClientRect().top;
  const band = { top: 0, bottom: barTop ?? window.innerHeight };
  const deltaPx = spotlightScrollDeltaPx(
    rings,
    noteBox ? { top: noteBox.top, bottom: noteBox.bottom } : null,
    band,
  );
  if (Math.abs(deltaPx) < 1) return;
  window.scrollBy({ top: deltaPx, behavior: reducedMotion ? 'instant' : 'smooth' });
}

/** Animation frames to wait for a step's spotlight to be drawn (its drawing loads lazily). */
const SPOTLIGHT_WAIT_FRAMES = 120;

/**
 * Runs `then` once the spotlight's rings are drawn (on the next frame if they are), waiting
 * at most SPOTLIGHT_WAIT_FRAMES frames; returns a function that stops waiting.
 */
export function whenSpotlightDrawn(then: () => void): () => void {
  let frame = 0;
  let handle = 0;
  const look = () => {
    if (document.querySelector('svg.spotlight .spotlight-ring')) then();
    else if (++frame < SPOTLIGHT_WAIT_FRAMES) handle = requestAnimationFrame(look);
  };
  handle = requestAnimationFrame(look);
  return () => cancelAnimationFrame(handle);
}
