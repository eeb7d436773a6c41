/**
 * Measures of what a page draws, shared by the layout specs (Present, Compare, phones):
 * the diagrams' labels (smallest size on screen, labels over labels, labels cut at the
 * diagram's edge), the page's scroll overflow, touch targets under a size, and text under
 * a size. Each runs in the page and returns plain findings for the spec to assert on.
 */
import type { Frame, Page } from '@playwright/test';

/** A box on screen in CSS pixels: a DOMRect's edges as plain numbers (the page hands them back). */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Whether two boxes overlap by more than `slackPx` both ways (0: any shared area). */
export function boxesOverlap(a: ScreenBox, b: ScreenBox, slackPx = 0): boolean {
  return (
    a.left < b.right - slackPx &&
    b.left < a.right - slackPx &&
    a.top < b.bottom - slackPx &&
    b.top < a.bottom - slackPx
  );
}

/** Every pair of `named` boxes that overlap ("a / b", by their names), `slackPx` as above. */
export function overlappingPairs(
  named: readonly { name: string; box: ScreenBox }[],
  slackPx = 0,
): string[] {
  const pairs: string[] = [];
  named.forEach((p, i) =>
    named.slice(i + 1).forEach((q) => {
      if (boxesOverlap(p.box, q.box, slackPx)) pairs.push(`${p.name} / ${q.name}`);
    }),
  );
  return pairs;
}

/**
 * The elements `selector` matches that show words (text, a box, not `display: none`),
 * each named by its words in quotes, with its box.
 */
export function wordBoxes(
  page: Page,
  selector: string,
): Promise<Array<{ name: string; box: ScreenBox }>> {
  return page.evaluate((sel) => {
    const found: Array<{ name: string; box: ScreenBox }> = [];
    for (const el of document.querySelectorAll(sel)) {
      const text = el.textContent?.trim();
      const { left, top, right, bottom, width } = el.getBoundingClientRect();
      if (!text || width === 0 || getComputedStyle(el).display === 'none') continue;
      found.push({ name: `"${text}"`, box: { left, top, right, bottom } });
    }
    return found;
  }, selector);
}

/** Pairs of the word-showing elements `selector` matches drawn over each other (a pixel's slack). */
export async function wordOverlaps(page: Page, selector: string): Promise<string[]> {
  return overlappingPairs(await wordBoxes(page, selector), 1);
}

/** One diagram's labels as drawn. */
export interface DiagramLabels {
  /** The diagram's accessible name (`aria-label`), '' if none. */
  name: string;
  /** How many labels show. */
  count: number;
  /** The smallest label's font size on screen (its font size times the SVG's scale), px. */
  smallestPx: number;
  smallestText: string;
  /** Pairs of labels drawn over each other (bounding boxes, a pixel's slack). */
  overlaps: string[];
  /** Labels reaching outside the diagram's own box (a pixel's slack). */
  cut: string[];
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * The labels of every diagram `svgSelector` matches in `page` (or in a frame: an embed in a
 * host page), one record each. A label counts when
 * it has words and a box and is not `display: none`.
 */
export async function diagramLabels(
  page: Page | Frame,
  svgSelector = 'svg.topology',
): Promise<DiagramLabels[]> {
  const drawn = await page.evaluate((selector) => {
    return [...document.querySelectorAll<SVGSVGElement>(selector)].map((svg) => {
      let smallestPx = Infinity;
      let smallestText = '';
      const frame = svg.getBoundingClientRect();
      const labels: Array<{ name: string; box: ScreenBox }> = [];
      const cut: string[] = [];
      for (const label of svg.querySelectorAll<SVGTextElement>('text')) {
        const text = label.textContent?.trim();
        const box = label.getBoundingClientRect();
        if (!text || box.width === 0) continue;
        if (getComputedStyle(label).display === 'none') continue;
        const px = parseFloat(getComputedStyle(label).fontSize) * (label.getScreenCTM()?.a ?? 1);
        if (px < smallestPx) {
          smallestPx = px;
          smallestText = text;
        }
        const { left, top, right, bottom } = box;
        labels.push({ name: `"${text}"`, box: { left, top, right, bottom } });
        if (
          box.left < frame.left - 1 ||
          box.right > frame.right + 1 ||
          box.top < frame.top - 1 ||
          box.bottom > frame.bottom + 1
        )
          cut.push(text);
      }
      return {
        name: svg.getAttribute('aria-label') ?? '',
        labels,
        smallestPx,
        smallestText,
        cut,
        left: frame.left,
        right: frame.right,
        top: frame.top,
        bottom: frame.bottom,
      };
    });
  }, svgSelector);
  // Compared here, not in the page: one definition of overlapping (overlappingPairs).
  return drawn.map(({ labels, ...diagram }) => ({
    ...diagram,
    count: labels.length,
    overlaps: overlappingPairs(labels, 1),
  }));
}

/** The smallest label of all the diagrams `svgSelector` matches ({ px: Infinity } if none). */
export async function smallestLabel(
  page: Page,
  svgSelector = 'svg.topology',
): Promise<{ px: number; text: string }> {
  let smallest = { px: Infinity, text: '' };
  for (const d of await diagramLabels(page, svgSelector)) {
    if (d.smallestPx < smallest.px) smallest = { px: d.smallestPx, text: d.smallestText };
  }
  return smallest;
}

/** How far the page reaches beyond the window, in CSS pixels (0 or less: no scrollbar). */
export function pageOverflow(page: Page): Promise<{ sideways: number; downward: number }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return {
      sideways: root.scrollWidth - window.innerWidth,
      downward: root.scrollHeight - window.innerHeight,
    };
  });
}

/**
 * Every interactive element within `within` smaller than `minPx` either way ("what WxH"):
 * controls, anything focusable, anything else that shows the pointer (the outermost such
 * element is the target), and the diagram's parts (a node's or tag's box, or its hit area).
 * Hidden ones (display none, a closed sheet, visually hidden) have no box and are skipped.
 * The links' wide invisible strokes are left out: the Links list offers each link as a
 * button, which is measured.
 */
export function smallTargets(
  page: Page,
  { minPx, within = 'body' }: { minPx: number; within?: string },
): Promise<string[]> {
  return page.evaluate(
    ({ min, rootSelector }) => {
      const root = document.querySelector(rootSelector);
      if (!root) return [`nothing matches ${rootSelector}`];
      const selector = [
        'button',
        'a[href]',
        'input',
        'select',
        'textarea',
        'summary',
        '[role=tab]',
        '[role=button]',
        '[role=link]',
        '[role=slider]',
        '[role=menuitem]',
        '[tabindex]:not([tabindex="-1"])',
      ].join(', ');
      const targets = new Set<Element>(root.querySelectorAll(selector));
      for (const el of root.querySelectorAll('*')) {
        if (getComputedStyle(el).cursor !== 'pointer') continue;
        const parent = el.parentElement;
        if (parent && getComputedStyle(parent).cursor === 'pointer') continue;
        targets.add(el);
      }
      const small: string[] = [];
      for (const el of targets) {
        // In the diagram, only the parts (role=button groups) take taps, by their box.
        const inSvg = el instanceof SVGElement;
        if (inSvg && !(el instanceof SVGGElement && el.getAttribute('role') === 'button')) continue;
        let box = el.getBoundingClientRect();
        if (inSvg) {
          const hit = el.querySelector('rect.hit-area');
          const shown = hit && hit.getAttribute('display') !== 'none';
          box = (shown ? hit : (el.querySelector('rect.body') ?? el)).getBoundingClientRect();
        }
        if (box.width === 0 || box.height === 0) continue;
        if (getComputedStyle(el).visibility === 'hidden') continue;
        // A visually hidden element (1x1 clip) is not a target.
        if (box.width <= 1 && box.height <= 1) continue;
        // A checkbox or radio is measured by its label, which is the target.
        const input = el instanceof HTMLInputElement ? el : null;
        const label =
          input && (input.type === 'checkbox' || input.type === 'radio')
            ? input.closest('label')
            : null;
        const target = label ? label.getBoundingClientRect() : box;
        if (target.width < min - 0.5 || target.height < min - 0.5) {
          const name = (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName)
            .trim()
            .slice(0, 40);
          small.push(
            `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${name}" ${target.width.toFixed(1)}x${target.height.toFixed(1)}`,
          );
        }
      }
      return small;
    },
    { min: minPx, rootSelector: within },
  );
}

/**
 * Visible text within `within` under 12 px ("px tag.class "text""), text inside `skip`
 * aside (by default the diagram, which has its own measure, and visually hidden text).
 * SVG text counts at its size on screen.
 */
export function smallTexts(
  page: Page,
  {
    within = 'body',
    skip = '.visually-hidden, svg.topology',
  }: { within?: string; skip?: string } = {},
): Promise<string[]> {
  return page.evaluate(
    ({ rootSelector, skipSelector }) => {
      const root = document.querySelector(rootSelector);
      if (!root) return [`nothing matches ${rootSelector}`];
      const small = new Set<string>();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim();
        const el = node.parentElement;
        if (!text || !el || el.closest(skipSelector)) continue;
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden') continue;
        const ctm = el instanceof SVGGraphicsElement ? el.getScreenCTM() : null;
        const px = parseFloat(style.fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
        if (px < 11.95) {
          small.add(
            `${px.toFixed(1)} ${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${text.slice(0, 30)}"`,
          );
        }
      }
      return [...small];
    },
    { rootSelector: within, skipSelector: skip },
  );
}
