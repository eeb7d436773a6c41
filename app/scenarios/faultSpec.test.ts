import { describe, expect, it } from 'vitest';
import { FAULT_FORMS, formatFaultSpec, parseFaultSpec } from './faultSpec';

describe('fault specs (CLI --fault, share links, timeline)', () => {
  it.each([
    '30:kill:app-b1',
    '5:host-down:app-a1',
    '45:slow:app-a1:x10',
    '10:flap:app-c2:20',
    '60:kill-zone:eu-b',
    '60:kill-region:us',
    '12:cut:lb-1->app-a1',
    '12:cut-oneway:app-a1->lb-1',
    '20:latency:users->lb-1:+200ms',
    '20:loss:users->lb-1:20%',
    '5:errors:payments:100%',
    '5:weight:app-a1:2',
    '40:rate:500',
    '7:set:breaker.enabled=on',
    '30:disk-fail:db-a1',
    '30:isolate:db-a1',
    '90:promote:db-b1',
    '90:restore:app-b1',
  ])('round-trips %s', (spec) => {
    const parsed = parseFaultSpec(spec);
    expect(parsed.error).toBeNull();
    expect(formatFaultSpec(parsed.fault!)).toBe(spec);
  });

  it('documents a form for every action it accepts', () => {
    const actions = new Set(FAULT_FORMS.map((f) => f.form.split(':')[1]));
    for (const action of ['errors', 'weight', 'cut-oneway', 'disk-fail', 'promote', 'set']) {
      expect(actions).toContain(action);
    }
  });

  it.each([
    ['5:errors:payments:150%', /percentage from 0 to 100/],
    ['5:weight:app-a1:heavy', /weight "heavy" must be a number/],
    ['x:kill:app-a1', /time "x" must be a number/],
    ['5:explode:app-a1', /unknown action "explode"/],
    ['5:cut:app-a1', /must be a link FROM->TO/],
  ])('rejects %s with a clear sentence', (spec, message) => {
    expect(parseFaultSpec(spec).error).toMatch(message);
  });
});
