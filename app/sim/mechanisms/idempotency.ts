/**
 * Idempotency: the dependency's charges per request, duplicates without keys, replays with them, and the bounded memory.
 */
import { type World } from '../engine/world';
import { SIDE_EFFECT_MEMORY_US, type UserRequest } from '../engine/types';

export function createIdempotency(w: World) {
  /** The dependency did a charge: once per user request unless keys are off and it is a retry. */
  const chargeCard = (user: UserRequest): void => {
    if (user.probe) return; // a probe's checkout uses a test card: no customer is charged
    // The dependency forgets a request's charges SIDE_EFFECT_MEMORY_US after it finished:
    // a try still under way for it after that counts as a new customer charge. Forgotten
    // here, when a try next reaches the dependency, rather than by a sweep over finished
    // requests: a sweep's list kept every finished checkout alive for two simulated
    // minutes (40,000 at 1000 req/s), which only this charge could ever read.
    if (w.nowUs > user.chargesForgottenAtUs) {
      user.charges = 0;
      user.chargesForgottenAtUs = Infinity;
    }
    const done = user.charges;
    if (done > 0 && w.settings.idempotency.keys === 'on') {
      w.idempotentReplays++;
      return;
    }
    if (done > 0) {
      w.duplicateSideEffects++;
      w.firstDuplicateChargeUs ??= w.nowUs;
    }
    w.sideEffects++;
    user.charges = done + 1;
  };

  /** The request is over: its charges are remembered for SIDE_EFFECT_MEMORY_US from now. */
  const requestFinished = (user: UserRequest): void => {
    if (user.needsDependency) user.chargesForgottenAtUs = w.nowUs + SIDE_EFFECT_MEMORY_US;
  };

  return { chargeCard, requestFinished };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
