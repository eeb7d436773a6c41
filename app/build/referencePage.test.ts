import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realWorldOf, SETTING_SPECS } from '../sim';
import { headingSlug, headingSlugs, referencePageHtml, REFERENCE_SOURCE } from './referencePage';

const markdown = readFileSync(resolve(import.meta.dirname, '../..', REFERENCE_SOURCE), 'utf8');

describe('headingSlug', () => {
  it('gives GitHub’s anchors, so a source works on GitHub and on the site alike', () => {
    expect(headingSlug('AWS ALB health checks')).toBe('aws-alb-health-checks');
    expect(headingSlug("Little's law and the M/M/1 queue")).toBe('littles-law-and-the-mm1-queue');
    expect(headingSlug('Health checks: how a balancer notices a dead server')).toBe(
      'health-checks-how-a-balancer-notices-a-dead-server',
    );
  });
});

describe('every setting’s real-world values', () => {
  const anchors = headingSlugs(markdown);

  it('are unique headings of docs/reference.md (one anchor, one section)', () => {
    expect(new Set(anchors).size).toBe(anchors.length);
  });

  it('exist for every setting, each with a source that is a heading of docs/reference.md', () => {
    for (const spec of SETTING_SPECS) {
      expect(realWorldOf(spec.path).length, spec.path).toBeGreaterThan(0);
      for (const entry of realWorldOf(spec.path)) {
        const [file, anchor] = entry.source.split('#');
        expect(file, spec.path).toBe(REFERENCE_SOURCE);
        expect(anchors, `${spec.path}: ${entry.source}`).toContain(anchor);
        expect(entry.system.length, spec.path).toBeGreaterThan(0);
      }
    }
  });

  it('are values of the setting’s own kind: a choice it offers, or a number', () => {
    for (const spec of SETTING_SPECS) {
      for (const entry of realWorldOf(spec.path)) {
        if (entry.value === null) {
          // No value to compare: the note must say what the real system does instead.
          expect(entry.note, spec.path).toBeTruthy();
        } else if (spec.kind === 'choice') {
          expect(spec.choices, spec.path).toContain(entry.value);
        } else {
          expect(typeof entry.value, spec.path).toBe('number');
          expect(Number.isFinite(entry.value), spec.path).toBe(true);
        }
      }
    }
  });
});

describe('referencePageHtml', () => {
  const html = referencePageHtml(markdown);

  it('gives every heading its anchor as an id, so each source resolves on the site', () => {
    for (const spec of SETTING_SPECS) {
      for (const entry of realWorldOf(spec.path)) {
        expect(html, entry.source).toContain(`id="${entry.source.split('#')[1]}"`);
      }
    }
  });

  it('renders Markdown, not its marks, and links to no other site', () => {
    expect(html).toContain('<h3 id="aws-alb-health-checks">AWS ALB health checks</h3>');
    expect(html).toContain('<code>retry_on</code>');
    expect(html).not.toMatch(/\*\*|^#/m);
    expect(html).not.toMatch(/(href|src)="(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('writes a link to another site as its text only, and escapes markup', () => {
    const page = referencePageHtml(
      'See [Envoy](https://envoyproxy.io) and [above](#top), a <b> tag & `x<y`.',
    );
    expect(page).toContain('See Envoy and <a href="#top">above</a>');
    expect(page).toContain('a &lt;b&gt; tag &amp; <code>x&lt;y</code>.');
  });
});
