import { describe, expect, it } from 'vitest';
import { createWorld } from '../engine/world';
import { SIDE_EFFECT_MEMORY_US, type UserRequest } from '../engine/types';
import { US_PER_S, type SimTimeUs } from '../engine/time';
import { TWO_ZONES } from '../testTopologies';
import { createIdempotency } from './idempotency';

/**
 * The dependency's idempotency memory (docs/reference.md: a provider keeps an idempotency
 * key's first result for a while, then forgets it): a charge for a request it still
 * remembers is a replay with keys on and a duplicate without; once it has forgotten the
 * request (SIDE_EFFECT_MEMORY_US after the request finished), a try that still reaches
 * it charges the customer as if new.
 */
function setUp(keys: 'on' | 'off') {
  const w = createWorld(
    { topology: TWO_ZONES, settings: { idempotency: { keys } } },
    { seed: 1, trackMessages: false },
  );
  const idempotency = createIdempotency(w);
  const at = (us: number) => {
    w.nowUs = us as SimTimeUs;
  };
  const checkout = (): UserRequest =>
    ({
      probe: false,
      needsDependency: true,
      charges: 0,
      chargesForgottenAtUs: Infinity,
    }) as UserRequest;
  return { w, idempotency, at, checkout };
}

describe('idempotency memory', () => {
  const finishedAtUs = 7 * US_PER_S + 123;

  for (const keys of ['on', 'off'] as const) {
    it(`keys ${keys}: a request is remembered until ${SIDE_EFFECT_MEMORY_US / US_PER_S} s after it finished, then charged anew once`, () => {
      const { w, idempotency, at, checkout } = setUp(keys);
      const user = checkout();
      at(5 * US_PER_S);
      idempotency.chargeCard(user); // the first charge
      at(finishedAtUs);
      idempotency.requestFinished(user); // e.g. the client timed out
      // A late try at the last remembered microsecond: the charge is known.
      at(finishedAtUs + SIDE_EFFECT_MEMORY_US);
      idempotency.chargeCard(user);
      expect(w.sideEffects).toBe(keys === 'on' ? 1 : 2);
      expect(w.idempotentReplays).toBe(keys === 'on' ? 1 : 0);
      expect(w.duplicateSideEffects).toBe(keys === 'on' ? 0 : 1);
      // One microsecond later it is forgotten: a new charge, not a duplicate.
      at(finishedAtUs + SIDE_EFFECT_MEMORY_US + 1);
      idempotency.chargeCard(user);
      expect(w.sideEffects).toBe(keys === 'on' ? 2 : 3);
      expect(w.duplicateSideEffects).toBe(keys === 'on' ? 0 : 1);
      // The new charge is remembered again (the memory forgets once, not every time).
      at(finishedAtUs + 2 * SIDE_EFFECT_MEMORY_US);
      idempotency.chargeCard(user);
      expect(w.sideEffects).toBe(keys === 'on' ? 2 : 4);
      expect(w.idempotentReplays).toBe(keys === 'on' ? 2 : 0);
      expect(w.duplicateSideEffects).toBe(keys === 'on' ? 0 : 2);
    });
  }

  it('does not forget a request still under way, however old', () => {
    const { w, idempotency, at, checkout } = setUp('off');
    const user = checkout();
    at(1);
    idempotency.chargeCard(user);
    at(1 + 10 * SIDE_EFFECT_MEMORY_US); // never finished: its tries are still retrying
    idempotency.chargeCard(user);
    expect(w.duplicateSideEffects).toBe(1);
  });

  it('a request that needed no dependency is never charged or remembered', () => {
    const { idempotency, checkout } = setUp('on');
    const user = { ...checkout(), needsDependency: false } as UserRequest;
    idempotency.requestFinished(user);
    expect(user.chargesForgottenAtUs).toBe(Infinity);
  });
});
