/**
 * Manners for a page embedded in another (`&embed`): it must not take focus before the
 * reader touches it (focusing an element inside an iframe scrolls the host page to it),
 * and it tells the host its height so the host can size the iframe to fit.
 */

/** The message an embedded page posts to its host whenever its height changes. */
export interface HeightMessage {
  type: 'nines:height';
  /** The document's full height in CSS pixels. */
  height: number;
}

/**
 * The frame's height in the Share tab's embed code, in CSS pixels: what a host page shows
 * of the embed without the height snippet, so what its first screen must hold.
 */
export const EMBED_FRAME_HEIGHT_PX = 640;

let readerInteracted = false;

/**
 * Whether the page may move focus on its own: always in a top-level page; in a frame,
 * only once the reader has pressed a key or pointed inside it.
 */
export function mayTakeFocus(): boolean {
  return readerInteracted || window.parent === window;
}

/**
 * Starts watching for the reader's first interaction and, in a frame, posts the
 * document's height to the host on every change. Returns a function that stops.
 */
export function startEmbedFrame(): () => void {
  const interacted = (): void => {
    readerInteracted = true;
  };
  window.addEventListener('pointerdown', interacted, { capture: true, once: true });
  window.addEventListener('keydown', interacted, { capture: true, once: true });
  const stopListening = (): void => {
    window.removeEventListener('pointerdown', interacted, { capture: true });
    window.removeEventListener('keydown', interacted, { capture: true });
  };
  if (window.parent === window || typeof ResizeObserver === 'undefined') return stopListening;

  let lastHeight = -1;
  const post = (): void => {
    // The content's height, not the document's: that is never less than the frame.
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    // Nothing rendered yet (0) is no height to size a frame to.
    if (height === lastHeight || height === 0) return;
    lastHeight = height;
    const message: HeightMessage = { type: 'nines:height', height };
    // Only the height goes out, never run data, so any host origin may read it.
    window.parent.postMessage(message, '*');
  };
  const observer = new ResizeObserver(post);
  observer.observe(document.body);
  post();
  return () => {
    observer.disconnect();
    stopListening();
  };
}

/** The lines a host page adds once to size its Nines iframes to their content. */
export const hostHeightSnippet =
  `<script>\n` +
  `addEventListener('message', (event) => {\n` +
  `  if (event.data?.type !== 'nines:height') return;\n` +
  `  for (const frame of document.querySelectorAll('iframe')) {\n` +
  `    if (frame.contentWindow === event.source) frame.style.height = event.data.height + 'px';\n` +
  `  }\n` +
  `});\n` +
  `</script>`;
