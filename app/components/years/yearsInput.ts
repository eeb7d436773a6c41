/** The years box of "Simulate N years": what it accepts and the one message when it refuses. */
import { YEARS_MAX } from '../../sim/chaos/yearsReport';

export const YEARS_MIN = 1;
export const YEARS_DEFAULT = 20;

/** The range in words, for the label's hint and every message. */
export const YEARS_RANGE_TEXT = `a whole number from ${YEARS_MIN} to ${YEARS_MAX.toLocaleString('en-US')}`;

/** The number of years typed, or the sentence saying what is wrong and what is allowed. */
export function parseYears(text: string): { years: number } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: `Enter how many years to simulate: ${YEARS_RANGE_TEXT}.` };
  const years = Number(trimmed.replace(/,/g, ''));
  if (!Number.isFinite(years) || !/^-?[\d,]+(\.\d*)?$|^-?\d*\.\d+$/.test(trimmed)) {
    return { problem: `"${trimmed}" is not a number of years: enter ${YEARS_RANGE_TEXT}.` };
  }
  if (!Number.isInteger(years)) {
    return { problem: `Years must be ${YEARS_RANGE_TEXT} (not ${trimmed}).` };
  }
  if (years < YEARS_MIN || years > YEARS_MAX) {
    return { problem: `Years must be ${YEARS_RANGE_TEXT} (not ${trimmed}).` };
  }
  return { years };
}
