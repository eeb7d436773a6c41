/**
 * The reference page. docs/reference.md (what real systems do, with sources) ships with
 * the site as `reference.html`, so a setting's "real systems" values can link to the
 * section that gives their source without leaving the site (the CSP allows no other
 * origin, and the page must work offline). The build writes it from the Markdown; the
 * dev server serves the same page. Headings get GitHub's anchors, so
 * `docs/reference.md#aws-alb-health-checks` in a setting's spec is
 * `reference.html#aws-alb-health-checks` here and the same section on GitHub.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** Where the page comes from, relative to the project root. */
export const REFERENCE_SOURCE = 'docs/reference.md';
/** The page and its stylesheet, beside index.html. */
export const REFERENCE_PAGE_FILE = 'reference.html';
export const REFERENCE_STYLE_FILE = 'reference.css';

/**
 * GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens
 * (`Little's law and the M/M/1 queue` -> `littles-law-and-the-mm1-queue`).
 */
export function headingSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of every heading of a Markdown text, in order. */
export function headingSlugs(markdown: string): string[] {
  return markdown.split('\n').flatMap((line) => {
    const heading = /^#{1,6}\s+(.+)$/.exec(line);
    return heading ? [headingSlug(heading[1]!)] : [];
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Inline Markdown as reference.md uses it: `code`, **bold**, _emphasis_ and links. A
 * link to another site is written as its text only: the page links nowhere else.
 */
function inlineHtml(text: string): string {
  const parts = text.split(/(`[^`]*`)/);
  return parts
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      }
      return escapeHtml(part)
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[\s(])_(.+?)_(?=[\s,.;:)]|$)/g, '$1<em>$2</em>')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_match, label: string, href: string) =>
          href.startsWith('#') ? `<a href="${href}">${label}</a>` : label,
        );
    })
    .join('');
}

/** The page's HTML from reference.md: headings with anchors, paragraphs, lists. */
export function referencePageHtml(markdown: string): string {
  const body: string[] = [];
  let title = 'What real systems do';
  for (const block of markdown.split(/\n\s*\n/)) {
    const text = block.trim();
    if (text === '') continue;
    const heading = /^(#{1,6})\s+(.+)$/.exec(text);
    if (heading && !text.includes('\n')) {
      const level = heading[1]!.length;
      if (level === 1) title = heading[2]!;
      body.push(
        `<h${level} id="${headingSlug(heading[2]!)}">${inlineHtml(heading[2]!)}</h${level}>`,
      );
    } else if (/^[-*] /.test(text)) {
      const items = text.split(/\n(?=[-*] )/).map((item) => item.replace(/^[-*] /, ''));
      body.push(`<ul>${items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`);
    } else {
      body.push(`<p>${inlineHtml(text.replace(/\s*\n\s*/g, ' '))}</p>`);
    }
  }
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'"
    />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)} · Nines</title>
    <link rel="stylesheet" href="${REFERENCE_STYLE_FILE}" />
  </head>
  <body>
    <main>
      <p class="back"><a href="./">Back to the playground</a></p>
${body.map((line) => `      ${line}`).join('\n')}
    </main>
  </body>
</html>
`;
}

/** A plain, readable page; the highlighted section is the one a setting linked to. */
export const REFERENCE_STYLE = `body { margin: 0; font: 16px/1.55 system-ui, sans-serif; color: #1d2430; background: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; } h3 { font-size: 1.05rem; margin-top: 1.6rem; }
code { font-size: 0.92em; background: #f1f3f6; padding: 0 0.2em; border-radius: 3px; }
:target { background: #fff3c4; outline: 4px solid #fff3c4; }
a { color: #1a56b8; }
@media (prefers-color-scheme: dark) {
  body { color: #e4e8ee; background: #12161c; } code { background: #232a33; }
  :target { background: #4a3f12; outline-color: #4a3f12; } a { color: #8ab4ff; }
}
`;

/** Writes reference.html and reference.css into the build, and serves them in dev. */
export function referencePage(root = process.cwd()): Plugin {
  const read = () => readFileSync(resolve(root, REFERENCE_SOURCE), 'utf8');
  return {
    name: 'nines-reference-page',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split(/[?#]/)[0]!;
        if (path.endsWith(`/${REFERENCE_PAGE_FILE}`)) {
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(referencePageHtml(read()));
        } else if (path.endsWith(`/${REFERENCE_STYLE_FILE}`)) {
          res.setHeader('Content-Type', 'text/css; charset=utf-8');
          res.end(REFERENCE_STYLE);
        } else {
          next();
        }
      });
    },
    buildStart() {
      this.addWatchFile(resolve(root, REFERENCE_SOURCE));
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: REFERENCE_PAGE_FILE,
        source: referencePageHtml(read()),
      });
      this.emitFile({ type: 'asset', fileName: REFERENCE_STYLE_FILE, source: REFERENCE_STYLE });
    },
  };
}
