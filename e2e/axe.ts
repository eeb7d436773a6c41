/**
 * The specs' axe scans: @axe-core/playwright's AxeBuilder, cheaper for the same findings.
 * The specs read `violations` only. axe still runs every rule on every node of the scanned
 * part and reports every violation with all its nodes, but:
 *
 * - it builds the selectors and HTML of passing and incomplete results for one node per
 *   rule instead of all of them (`resultTypes: ['violations']`, axe-core's API.md,
 *   "Performance");
 * - a page without frames is scanned by `axe.run` in the page (the builder's legacy mode)
 *   rather than by `runPartial` and `finishRun` in a second, blank page, which hands every
 *   node's result, passes too, across as JSON. A page with a frame (an embed in a host
 *   page, from another origin) keeps the builder's default, which scans inside it.
 *
 * Measured on the main screen with a menu open (1,653 elements): 6.1-6.6 s of browser CPU
 * a scan before, 3.5-4.1 s after; the same violations when some are planted.
 */
import BaseAxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** axe-core's run options, as the builder takes them. */
type RunOptions = Parameters<BaseAxeBuilder['options']>[0];
type Params = ConstructorParameters<typeof BaseAxeBuilder>[0];

export default class AxeBuilder extends BaseAxeBuilder {
  private readonly scanned: Page;

  constructor(params: Params) {
    super(params);
    this.scanned = params.page;
    this.options({});
  }

  /** Options as given, with `resultTypes` limited to violations unless they name others. */
  override options(options: RunOptions): this {
    return super.options({ resultTypes: ['violations'], ...options });
  }

  override analyze(): ReturnType<BaseAxeBuilder['analyze']> {
    this.setLegacyMode(this.scanned.frames().length === 1);
    return super.analyze();
  }
}
