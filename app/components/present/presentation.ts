/**
 * Presentation mode's address and keys. `present` in the hash (`#scenario=...&present`)
 * opens the page in presentation mode, so an instructor can bookmark each demo of a
 * talk; the rest of the link is the usual share link.
 */
import { hashParam, withHashParam } from '../share/hashParams';

/** Whether a page address asks for presentation mode. */
export function presentingFromUrl(href: string): boolean {
  return hashParam(href, 'present') !== null;
}

/** The address with `present` added to (or removed from) the hash, the rest untouched. */
export function withPresenting(href: string, presenting: boolean): string {
  return withHashParam(href, 'present', presenting ? '' : null);
}

/**
 * The presenter's line once no fault is left to jump to: a scenario without a fault
 * script has none to run out of (issue 15: it said "No more faults"), so it invites
 * breaking something by hand instead.
 */
export function noNextFaultText(scriptLength: number): string {
  return scriptLength === 0
    ? 'This scenario has no scripted faults: break something on the diagram.'
    : 'No more faults in the script.';
}

export type PresenterKeyAction = 'next' | 'previous' | 'toggle-play' | 'leave';

/**
 * What a key does in presentation mode. Presenter remotes send Page Down / Page Up (some
 * send the arrows) and "." or "b" from their "blank screen" button. Keys typed into a
 * field, or already used by the widget with focus (tabs, the timeline's markers, a
 * chart's cursor, the action menu: they call preventDefault), are left alone.
 */
export function presenterKeyAction(
  event: Pick<KeyboardEvent, 'key' | 'defaultPrevented' | 'altKey' | 'ctrlKey' | 'metaKey'>,
  focusIsField: boolean,
): PresenterKeyAction | null {
  if (event.defaultPrevented || focusIsField || event.altKey || event.ctrlKey || event.metaKey) {
    return null;
  }
  switch (event.key) {
    case 'PageDown':
    case 'ArrowRight':
      return 'next';
    case 'PageUp':
    case 'ArrowLeft':
      return 'previous';
    case '.':
    case 'b':
    case 'B':
      return 'toggle-play';
    case 'Escape':
      return 'leave';
    default:
      return null;
  }
}

/** Whether an element takes typing or arrow keys of its own (text fields, selects). */
export function isField(element: Element | null): boolean {
  if (!element) return false;
  if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  if (element.tagName === 'INPUT') {
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(
      (element as HTMLInputElement).type,
    );
  }
  return (element as HTMLElement).isContentEditable === true;
}
