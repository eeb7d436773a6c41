/**
 * Where the page scrolls at a lesson's pause on a phone: the rings end up inside the band
 * between the top of the screen and the bottom bar, by the least scroll, with the pause
 * note when both fit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spotlightScrollDeltaPx, type VerticalSpan } from './spotlightInView';

/** A 390x844 phone with its 53-px bar of panels at the bottom. */
const BAND: VerticalSpan = { top: 0, bottom: 791 };
const MARGIN = 12;

const shifted = (span: VerticalSpan, deltaPx: number): VerticalSpan => ({
  top: span.top - deltaPx,
  bottom: span.bottom - deltaPx,
});

const inBand = (span: VerticalSpan): boolean =>
  span.top >= BAND.top + MARGIN - 1e-9 && span.bottom <= BAND.bottom - MARGIN + 1e-9;

describe('spotlightScrollDeltaPx', () => {
  it('does not scroll when the rings and the note show already', () => {
    expect(
      spotlightScrollDeltaPx({ top: 100, bottom: 200 }, { top: 500, bottom: 600 }, BAND, MARGIN),
    ).toBe(0);
  });

  it('scrolls up to rings above the screen (the card was focused far below them)', () => {
    const rings = { top: -919, bottom: -780 };
    const note = { top: 400, bottom: 500 };
    // Rings and note are 1419 px apart: more than the band, so the rings alone, at the top.
    const delta = spotlightScrollDeltaPx(rings, note, BAND, MARGIN);
    expect(delta).toBe(-919 - MARGIN);
    expect(inBand(shifted(rings, delta))).toBe(true);
  });

  it('brings the note along when both fit', () => {
    const rings = { top: -300, bottom: -200 };
    const note = { top: 300, bottom: 380 };
    const delta = spotlightScrollDeltaPx(rings, note, BAND, MARGIN);
    expect(inBand(shifted(rings, delta))).toBe(true);
    expect(inBand(shifted(note, delta))).toBe(true);
  });

  it('centres rings taller than the band', () => {
    const delta = spotlightScrollDeltaPx({ top: -1000, bottom: 400 }, null, BAND, MARGIN);
    expect(delta).toBeCloseTo((-1000 + 400) / 2 - (0 + 791) / 2);
  });

  it('always lands rings that fit inside the band, by the least scroll', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: BAND.bottom - 2 * MARGIN, noNaN: true }),
        fc.option(
          fc.record({
            top: fc.double({ min: -5000, max: 5000, noNaN: true }),
            height: fc.double({ min: 0, max: 400, noNaN: true }),
          }),
        ),
        (top, height, noteAt) => {
          const rings = { top, bottom: top + height };
          const note = noteAt ? { top: noteAt.top, bottom: noteAt.top + noteAt.height } : null;
          const delta = spotlightScrollDeltaPx(rings, note, BAND, MARGIN);
          expect(inBand(shifted(rings, delta))).toBe(true);
          // Rings in view already stay where they are (unless the note is brought along).
          if (!note && inBand(rings)) expect(delta).toBe(0);
          // When rings and note fit together, both show.
          if (
            note &&
            Math.max(rings.bottom, note.bottom) - Math.min(rings.top, note.top) <=
              BAND.bottom - BAND.top - 2 * MARGIN
          ) {
            expect(inBand(shifted(note, delta))).toBe(true);
          }
        },
      ),
    );
  });
});
