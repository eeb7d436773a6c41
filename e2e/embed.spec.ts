import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from './axe';
import { expect, test } from '@playwright/test';
import { diagramLabels, smallestLabel, smallTargets } from './measure';
import { Playground } from './playground';

test('the Share tab gives embed code; the embedded run plays and links back', async ({
  page,
  context,
}, testInfo) => {
  test.slow(); // two embedded loads, 20 simulated seconds and an axe scan in each theme
  const playground = new Playground(page);
  await playground.goto('#scenario=active-passive&seed=5&faults=20:kill:app-eu-a1');
  await playground.openTab('Share');
  const code = await page.getByLabel('Embed code').inputValue();
  expect(code).toMatch(
    /^<iframe src="[^"]*#scenario=active-passive&amp;seed=5&amp;faults=20:kill:app-eu-a1&amp;embed"/,
  );
  expect(code).toContain('title="Nines: Two regions, active-passive"');
  const src = code.match(/src="([^"]*)"/)![1]!.replace(/&amp;/g, '&');

  const embedded = await context.newPage();
  const inside = new Playground(embedded);
  await embedded.setViewportSize({ width: 760, height: 640 });
  await inside.goto(src.replace(/^.*#/, '#'));
  await expect(
    embedded.getByRole('heading', { name: 'Nines Two regions, active-passive' }),
  ).toBeVisible();
  // Just the run: no tabs, no log, no scenario picker, no presentation button.
  await expect(embedded.getByRole('tablist')).toHaveCount(0);
  await expect(inside.eventLog).toHaveCount(0);
  await expect(embedded.getByLabel('Scenario', { exact: true })).toHaveCount(0);
  await expect(embedded.getByRole('button', { name: 'Present' })).toHaveCount(0);
  await expect(inside.availability).toContainText('%');
  // Compact: in a 640 px frame the headline (availability with its count; writes lost
  // where the scenario has a database, this one has none)
  // and the controls show with the diagram, without scrolling.
  const headline = embedded.locator('.embed-headline');
  await expect(headline).toContainText(/Availability \S+% of [\d,]+ requests/);
  await expect(headline).toBeInViewport({ ratio: 1 });
  await expect(embedded.getByRole('button', { name: /Pause|Play/ })).toBeInViewport({ ratio: 1 });
  await expect(embedded.getByLabel('Speed')).toBeInViewport({ ratio: 1 });
  await expect(embedded.locator('.diagram-box')).toBeInViewport({ ratio: 0.6 });
  await embedded.screenshot({ path: testInfo.outputPath('embed-640.png') });
  // The run is the shared one (its seed in the link below, not a field of its own), and it plays.
  await expect(inside.seed).toHaveCount(0);
  await inside.setSpeed('10');
  await expect(inside.serverIn('app-eu-a1', 'crashed')).toBeVisible({ timeout: 15_000 });
  const open = embedded.getByRole('link', { name: /Open in Nines/ });
  await expect(open).toHaveAttribute('target', '_blank');
  const href = await open.getAttribute('href');
  expect(href).toContain('scenario=active-passive&seed=5&faults=20:kill:app-eu-a1');
  expect(href).not.toContain('embed');

  const results = await new AxeBuilder({ page: embedded }).analyze();
  expect(results.violations).toEqual([]);
  // The dark theme too (issue 14: axe clean in the new layouts, in both themes).
  await inside.goto(`${src.replace(/^.*#/, '#')}&theme=dark`);
  await expect(embedded.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(embedded.locator('.embed-headline')).toContainText('Availability');
  expect((await new AxeBuilder({ page: embedded }).analyze()).violations).toEqual([]);
});

test('an embedded lesson keeps its step card', async ({ page }) => {
  await page.goto('/#lesson=health-checks&embed');
  const card = page.getByRole('region', { name: 'A healthy cluster' });
  await expect(card).toContainText('step 1 of 5');
  await expect(page.getByRole('tablist')).toHaveCount(0);
});

test('an embed in a host page leaves its scroll and focus alone and sizes itself', async ({
  page,
  baseURL,
}, testInfo) => {
  // An essay on another origin, with the Share tab's embed code below the fold.
  await page.setViewportSize({ width: 1000, height: 700 });
  // The host snippet, as the Share tab's embed code gives it.
  const playground = new Playground(page);
  await playground.goto('#scenario=active-passive&seed=5');
  await playground.openTab('Share');
  const hostHeightSnippet = (await page.getByLabel('Embed code').inputValue()).match(
    /<script>[\s\S]*<\/script>/,
  )![0];
  const prose = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `<p>Paragraph ${i + 1} of the essay around the embed.</p>`,
    ).join('');
  const frameSrc = `${baseURL}/#lesson=health-checks&embed`;
  const hostHtml =
    `<!doctype html><html lang="en"><head><title>An essay</title></head>` +
    `<body style="font: 18px/1.6 serif; max-width: 48rem; margin: 2rem auto">` +
    `<h1>An essay</h1>${prose(30)}` +
    `<iframe src="${frameSrc.replace(/&/g, '&amp;')}" title="Nines: health checks" ` +
    `width="100%" height="640" style="border: 1px solid #888"></iframe>` +
    `${prose(20)}` +
    `<script>window.heights = []; addEventListener('message', (e) => {` +
    ` if (e.data?.type === 'nines:height') window.heights.push(e.data.height); });</script>` +
    `${hostHeightSnippet}</body></html>`;
  // Served from a real server on another origin (another port): a page Playwright
  // routes counts as public, and Chromium blocks a public page framing a local site.
  const host = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(hostHtml);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/essay.html`;
  await page.goto(hostUrl);
  const frame = page.frameLocator('iframe');
  // The lesson's step card is shown (the part that used to take focus on load).
  await expect(frame.getByRole('region', { name: 'A healthy cluster' })).toContainText(
    'step 1 of 5',
  );
  await page.waitForTimeout(1000);
  // Nothing moved the reader: the host is still at its top and the frame holds no focus.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
  await page.screenshot({ path: testInfo.outputPath('embed-host-top.png') });
  // Chromium holds back rendering (and so resize observers) in a cross-origin frame
  // out of view: the frame sizes itself once the reader scrolls to it.
  await page.locator('iframe').scrollIntoViewIfNeeded();
  // The height message arrives and the snippet sizes the frame to it.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { heights: number[] }).heights.length))
    .toBeGreaterThan(0);
  await expect
    .poll(async () => {
      const [last, styleHeight] = await page.evaluate(() => [
        (window as unknown as { heights: number[] }).heights.at(-1),
        document.querySelector('iframe')!.clientHeight,
      ]);
      return Math.abs(styleHeight! - last!);
    })
    .toBeLessThanOrEqual(1);
  const posted = await page.evaluate(() => (window as unknown as { heights: number[] }).heights);
  expect(posted.every((height) => Number.isInteger(height) && height > 200)).toBe(true);
  // The height settles: it does not grow with each resize the host makes.
  await page.waitForTimeout(1500);
  const settled = await page.evaluate(
    () => (window as unknown as { heights: number[] }).heights.length,
  );
  await page.waitForTimeout(1000);
  expect(
    await page.evaluate(() => (window as unknown as { heights: number[] }).heights.length),
  ).toBe(settled);
  await page.evaluate(() => window.scrollBy(0, -200));
  await page.screenshot({ path: testInfo.outputPath('embed-host.png') });
  // Once the reader clicks into the frame, the lesson may move focus as before.
  await frame.getByRole('region', { name: 'A healthy cluster' }).click();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
  await new Promise((resolve) => host.close(resolve));
});

test('an embed in a narrow frame draws the phone diagram, readable, and sizes itself', async ({
  page,
  baseURL,
}, testInfo) => {
  test.slow(); // a load, then a host page framing it
  // The frame's own view, 360 px wide (as an iframe in a phone's column of text).
  await page.setViewportSize({ width: 360, height: 640 });
  const playground = new Playground(page);
  await playground.goto('#scenario=two-regions&embed');
  await expect(page.locator('.embed-headline')).toContainText('Availability');
  // Top to bottom: the diagram is taller than wide, and nothing scrolls sideways.
  const box = (await page.locator('.diagram-box').boundingBox())!;
  expect(box.height).toBeGreaterThan(box.width);
  expect(
    await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  // Every diagram label at least 12 px on screen (the wide drawing's were about 4 px).
  const smallest = await page.evaluate(() => {
    let found = { px: Infinity, text: '' };
    for (const text of document.querySelectorAll<SVGTextElement>('svg.topology text')) {
      if (!text.textContent?.trim() || text.getBoundingClientRect().width === 0) continue;
      const px = parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 1);
      if (px < found.px) found = { px, text: text.textContent.trim() };
    }
    return found;
  });
  expect(smallest.px, `smallest diagram label "${smallest.text}"`).toBeGreaterThanOrEqual(12);
  // The headline and the controls still lead the frame.
  await expect(page.locator('.embed-headline')).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: /Pause|Play/ })).toBeInViewport({ ratio: 1 });
  // The phone's touch targets (the laptop's controls were 35 px high, the link 21 px).
  expect(await smallTargets(page, { minPx: 44 }), 'touch targets under 44x44 px').toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('embed-narrow-360.png') });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // In a host page: the frame reports its (now taller) height and the snippet sizes it.
  const frameSrc = `${baseURL}/#scenario=two-regions&embed`;
  const hostHtml =
    `<!doctype html><html lang="en"><head><title>An essay</title></head>` +
    `<body style="margin: 0"><h1>An essay</h1>` +
    `<iframe src="${frameSrc.replace(/&/g, '&amp;')}" title="Nines" ` +
    `width="360" height="640" style="border: 0; display: block"></iframe>` +
    `<script>window.heights = []; addEventListener('message', (e) => {` +
    ` if (e.data?.type !== 'nines:height') return; window.heights.push(e.data.height);` +
    ` document.querySelector('iframe').style.height = e.data.height + 'px'; });</script>` +
    `</body></html>`;
  const host = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(hostHtml);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/essay.html`;
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto(hostUrl);
  await page.locator('iframe').scrollIntoViewIfNeeded();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { heights: number[] }).heights.at(-1)))
    .toBeGreaterThan(box.height);
  await expect
    .poll(async () => {
      const [last, frameHeight] = await page.evaluate(() => [
        (window as unknown as { heights: number[] }).heights.at(-1)!,
        document.querySelector('iframe')!.clientHeight,
      ]);
      return Math.abs(frameHeight - last);
    })
    .toBeLessThanOrEqual(1);
  // The frame shows its whole content: nothing left to scroll inside it.
  const inner = page.frameLocator('iframe').locator('html');
  expect(await inner.evaluate((html) => html.scrollHeight - html.clientHeight)).toBeLessThanOrEqual(
    1,
  );
  await new Promise((resolve) => host.close(resolve));
});

// Issue 14: the compact embed's diagram box is 18rem high, so the laptop's rows were drawn
// at 6-8 px there (the database scenario at 6.8 px). It lays itself out for its box as
// Compare does (tiles where the rows would be under the laptop floor): readable, with the
// headline and the controls still in a 640 px frame.
for (const scenario of ['two-regions', 'database']) {
  test(`an embed of ${scenario} in a 760x640 frame draws its labels at >= 11.2 px`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 760, height: 640 });
    const playground = new Playground(page);
    await playground.goto(`#scenario=${scenario}&embed`);
    await expect(page.locator('svg.topology g.node').first()).toBeVisible();
    await playground.pauseButton.click();
    const smallest = await smallestLabel(page);
    expect(smallest.px, `"${smallest.text}"`).toBeGreaterThanOrEqual(11.2);
    await expect(page.locator('.embed-headline')).toBeInViewport({ ratio: 1 });
    await expect(page.getByLabel('Speed')).toBeInViewport({ ratio: 1 });
    await expect(page.locator('.diagram-box')).toBeInViewport({ ratio: 0.6 });
  });
}

// Issue 14: in a 768 px wide frame the diagram was drawn about 500 px wide (its box capped
// at 18rem high) with labels near the laptop floor. It uses the frame's width now (its box
// as high as the width allows, up to 26rem), labels >= 12 px, the headline and the controls
// still in a 640 px frame.
for (const scenario of ['two-regions', 'one-region']) {
  test(`an embed of ${scenario} in a 768x640 frame uses the width, labels >= 12 px`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 768, height: 640 });
    const playground = new Playground(page);
    await playground.goto(`#scenario=${scenario}&embed`);
    await expect(page.locator('svg.topology g.node').first()).toBeVisible();
    await playground.pauseButton.click();
    const smallest = await smallestLabel(page);
    const widthShare = await page.evaluate(() => {
      // The drawing's width: from its leftmost to its rightmost part, against its box's.
      const nodes = [...document.querySelectorAll('svg.topology :is(rect, text)')]
        .map((n) => n.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0);
      const box = document.querySelector('.diagram-box')!.getBoundingClientRect();
      const left = Math.min(...nodes.map((n) => n.left));
      const right = Math.max(...nodes.map((n) => n.right));
      return (right - left) / box.width;
    });
    expect(smallest.px, `"${smallest.text}"`).toBeGreaterThanOrEqual(12);
    expect(widthShare, 'share of the box width the drawing spans').toBeGreaterThan(0.85);
    await expect(page.locator('.embed-headline')).toBeInViewport({ ratio: 1 });
    await expect(page.getByLabel('Speed')).toBeInViewport({ ratio: 1 });
    await expect(page.locator('.diagram-box')).toBeInViewport({ ratio: 0.9 });
  });
}

/**
 * Serves `html` from a real server on another origin (another port): a page Playwright
 * routes counts as public, and Chromium blocks a public page framing a local site.
 */
async function serveHostPage(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const host = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(html);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(host.address() as AddressInfo).port}/essay.html`,
    close: () => new Promise((resolve) => host.close(() => resolve())),
  };
}

/**
 * An essay with Nines framed in it at `widthPx` wide and `heightPx` high (the embed code's
 * 640 unless given), without the height snippet (a host that pasted only the iframe): the
 * frame never grows.
 */
function essayWithFixedFrame(src: string, widthPx: number, heightPx = 640): string {
  const prose = (n: number) =>
    Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} of the essay.</p>`).join('');
  return (
    `<!doctype html><html lang="en"><head><title>An essay</title></head>` +
    `<body style="font: 18px/1.6 serif; margin: 0.5rem 1rem"><main><h1>An essay</h1>` +
    `<iframe src="${src.replace(/&/g, '&amp;')}" title="Nines: health checks" ` +
    `width="${widthPx}" height="${heightPx}" style="border: 1px solid #888; display: block"></iframe>` +
    `${prose(12)}</main></body></html>`
  );
}

// Review item 20: in a 768x640 frame the lesson's step card started at the frame's bottom
// edge, under the diagram, its three-line legend and the Links list: a host without the
// height snippet showed no lesson. The card goes beside the diagram now (the legend behind
// "Key"), its heading, words and step buttons in the frame's first screen.
for (const widthPx of [768, 1000]) {
  test(`an embedded lesson in a ${widthPx}x640 frame shows its step card beside the diagram`, async ({
    page,
    baseURL,
  }) => {
    const host = await serveHostPage(
      essayWithFixedFrame(`${baseURL}/#lesson=health-checks&embed`, widthPx),
    );
    // The whole frame in the host's window (Chromium holds back a frame out of view).
    await page.setViewportSize({ width: widthPx + 40, height: 800 });
    await page.goto(host.url);
    const frame = page.frameLocator('iframe');
    const card = frame.getByRole('region', { name: 'A healthy cluster' });
    await expect(card).toContainText('step 1 of 5');
    await expect(frame.locator('svg.topology g.node').first()).toBeVisible();
    const inside = page.frames().find((f) => f !== page.mainFrame())!;
    // Where each piece is in the frame's own viewport, as the reader first sees it.
    const seen = await inside.evaluate(() => {
      const box = (el: Element | null | undefined) => {
        const { left, top, right, bottom } = el!.getBoundingClientRect();
        return { left, top, right, bottom };
      };
      const cardEl = document.querySelector('.lesson-card')!;
      const next = [...cardEl.querySelectorAll('button')].find(
        (b) => b.textContent === 'Next step',
      );
      return {
        scrolledPx: document.scrollingElement!.scrollTop,
        viewport: { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight },
        card: box(cardEl),
        heading: box(cardEl.querySelector('h2')),
        // The step's first paragraph of text, right under its heading.
        words: box(cardEl.querySelector('h2 ~ p')),
        buttons: box(cardEl.querySelector('.lesson-buttons')),
        next: box(next),
        diagram: box(document.querySelector('.diagram-box')),
      };
    });
    expect(seen.scrolledPx).toBe(0);
    const inView = (b: { left: number; top: number; right: number; bottom: number }) =>
      b.left >= 0 &&
      b.top >= 0 &&
      b.right <= seen.viewport.right &&
      b.bottom <= seen.viewport.bottom;
    expect(inView(seen.heading), `heading ${JSON.stringify(seen.heading)}`).toBe(true);
    expect(inView(seen.words), `words ${JSON.stringify(seen.words)}`).toBe(true);
    expect(inView(seen.next), `Next step ${JSON.stringify(seen.next)}`).toBe(true);
    // The words show whole, not under the step buttons pinned at the card's foot.
    expect(seen.words.bottom).toBeLessThanOrEqual(seen.buttons.top);
    // Beside the diagram, in the same screen, never over it.
    expect(seen.card.left).toBeGreaterThanOrEqual(seen.diagram.right);
    expect(inView(seen.diagram), `diagram ${JSON.stringify(seen.diagram)}`).toBe(true);
    const [drawn] = await diagramLabels(inside);
    expect(drawn!.count).toBeGreaterThan(0);
    expect(drawn!.smallestPx, `"${drawn!.smallestText}"`).toBeGreaterThanOrEqual(12);
    expect(drawn!.overlaps).toEqual([]);
    expect(drawn!.cut).toEqual([]);
    // Nothing moved the reader meanwhile.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
    // The host page and the frame in it.
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    // The legend is one click away.
    await expect(frame.getByRole('button', { name: 'Key' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await frame.getByRole('button', { name: 'Key' }).click();
    await expect(
      frame.getByRole('region', { name: 'Cluster' }).getByRole('list', { name: 'Legend' }),
    ).toContainText('down');
    await host.close();
  });
}

// Issue 14 review: in a 768 px wide frame the step's "Your turn" came after the step's words,
// under the fold of the card (which scrolls inside): the reader scrolled the card to learn
// what to do. Steps with the longest words (1, 3) and one with "Show me" (5), each opened by
// its step link: the instruction and the step's buttons show in the card as it opens.
for (const heightPx of [640, 1024]) {
  test(`an embedded lesson in a 768x${heightPx} frame shows each step's "Your turn" and its buttons unscrolled`, async ({
    page,
    baseURL,
  }) => {
    test.slow(); // three step links, each fast-forwarded headless
    const steps = [
      { step: 1, title: 'A healthy cluster', showMe: false },
      { step: 3, title: 'The balancer notices', showMe: false },
      { step: 5, title: 'Bring it back', showMe: true },
    ];
    await page.setViewportSize({ width: 808, height: heightPx + 160 });
    for (const { step, title, showMe } of steps) {
      const host = await serveHostPage(
        essayWithFixedFrame(`${baseURL}/#lesson=health-checks&step=${step}&embed`, 768, heightPx),
      );
      await page.goto(host.url);
      const frame = page.frameLocator('iframe');
      const card = frame.getByRole('region', { name: title });
      await expect(card).toContainText(`step ${step} of 5`);
      await expect(card.locator('.lesson-fast-forward')).toHaveCount(0);
      await expect(card.locator('.lesson-task')).toContainText('Your turn:');
      const inside = page.frames().find((f) => f !== page.mainFrame())!;
      const seen = await inside.evaluate(() => {
        const box = (el: Element | null | undefined) => {
          if (!el) return null;
          const { left, top, right, bottom } = el.getBoundingClientRect();
          return { left, top, right, bottom };
        };
        const cardEl = document.querySelector('.lesson-card')!;
        const button = (name: string) =>
          [...cardEl.querySelectorAll('button')].find((b) => b.textContent === name);
        return {
          scrolledPx: document.scrollingElement!.scrollTop,
          cardScrolledPx: cardEl.scrollTop,
          viewportBottom: window.innerHeight,
          card: box(cardEl)!,
          heading: box(cardEl.querySelector('h2'))!,
          task: box(cardEl.querySelector('.lesson-task'))!,
          // The step's way on: Next step, or Finish lesson on the last.
          next: box(button('Next step') ?? button('Finish lesson'))!,
          showMe: box(button('Show me')),
        };
      });
      expect(seen.scrolledPx, `step ${step}`).toBe(0);
      expect(seen.cardScrolledPx, `step ${step}`).toBe(0);
      // Whole inside the card's box, and the card's box on the frame's first screen.
      const shows = (b: { top: number; bottom: number }) =>
        b.top >= seen.card.top - 0.5 &&
        b.bottom <= seen.card.bottom + 0.5 &&
        b.top >= 0 &&
        b.bottom <= seen.viewportBottom;
      expect(shows(seen.heading), `step ${step} heading ${JSON.stringify(seen)}`).toBe(true);
      expect(shows(seen.task), `step ${step} "Your turn" ${JSON.stringify(seen)}`).toBe(true);
      expect(shows(seen.next), `step ${step} Next/Finish ${JSON.stringify(seen)}`).toBe(true);
      // The instruction above its buttons, never under them.
      expect(seen.task.bottom, `step ${step}`).toBeLessThanOrEqual(seen.next.top);
      if (showMe) {
        expect(seen.showMe, `step ${step}: Show me`).not.toBeNull();
        expect(shows(seen.showMe!), `step ${step} Show me ${JSON.stringify(seen)}`).toBe(true);
      }
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await host.close();
    }
  });
}

test('an embedded lesson in a 400x640 frame leads with its step card, usable', async ({
  page,
  baseURL,
}) => {
  test.slow(); // ten simulated seconds for step 1, then step 2
  const host = await serveHostPage(
    essayWithFixedFrame(`${baseURL}/#lesson=health-checks&embed`, 400),
  );
  await page.setViewportSize({ width: 440, height: 800 });
  await page.goto(host.url);
  const frame = page.frameLocator('iframe');
  const card = frame.getByRole('region', { name: 'A healthy cluster' });
  await expect(card).toContainText('step 1 of 5');
  // Above the tall phone diagram: its heading and step buttons in the frame's first screen.
  const inside = page.frames().find((f) => f !== page.mainFrame())!;
  const next = card.getByRole('button', { name: 'Next step' });
  const firstScreen = await inside.evaluate(() => {
    const card = document.querySelector('.lesson-card')!;
    const next = [...card.querySelectorAll('button')].find((b) => b.textContent === 'Next step')!;
    const diagram = document.querySelector('.diagram-box')!.getBoundingClientRect();
    return {
      heading: card.querySelector('h2')!.getBoundingClientRect().bottom,
      next: next.getBoundingClientRect().bottom,
      cardBottom: card.getBoundingClientRect().bottom,
      diagramTop: diagram.top,
      height: window.innerHeight,
    };
  });
  expect(firstScreen.heading).toBeLessThanOrEqual(firstScreen.height);
  expect(firstScreen.next).toBeLessThanOrEqual(firstScreen.height);
  expect(firstScreen.cardBottom).toBeLessThanOrEqual(firstScreen.diagramTop);
  // A phone's touch target.
  const nextBox = (await next.boundingBox())!;
  expect(Math.min(nextBox.width, nextBox.height)).toBeGreaterThanOrEqual(44);
  // Usable: the step completes as the run plays, and Next goes on.
  await frame.getByLabel('Speed', { exact: true }).selectOption('10');
  await expect(card.locator('.lesson-status')).toHaveText('✓ Done.', { timeout: 20_000 });
  await next.click();
  const second = frame.getByRole('region', { name: 'Kill a server' });
  await expect(second).toContainText('step 2 of 5');
  // The reader pressed Next: the new step's heading takes focus (the frame may move now).
  await expect(second.getByRole('heading', { name: 'Kill a server' })).toBeFocused();
  // Its question, answered in the card (scrolled to inside it), plays the run.
  await second.getByRole('button', { name: 'Lock in my guess and play' }).click();
  await expect(second).toContainText('Your guess:');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await host.close();
});
