/**
 * Idempotency: the dependency's charges per request, duplicates without keys, replays with them, and the bounded memory.
 */
import { type World } from '../engine/world';
import { type UserRequest } from '../engine/types';

export function createIdempotency(w: World) {
  const { chargeExpiry, chargeExpiryUs } = w;

  /** The dependency did a charge: once per user request unless keys are off and it is a retry. */
  const chargeCard = (user: UserRequest): void => {
    if (user.probe) return; // a probe's checkout uses a test card: no customer is charged
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

  /** Forgets charges long finished (idempotency memory stays bounded). */
  const forgetCharges = (): void => {
    while (
      w.chargeExpiryHead < chargeExpiry.length &&
      chargeExpiryUs[w.chargeExpiryHead]! <= w.nowUs
    ) {
      chargeExpiry[w.chargeExpiryHead++]!.charges = 0;
    }
    if (w.chargeExpiryHead > 4096 && w.chargeExpiryHead * 2 > chargeExpiry.length) {
      chargeExpiry.splice(0, w.chargeExpiryHead);
      chargeExpiryUs.splice(0, w.chargeExpiryHead);
      w.chargeExpiryHead = 0;
    }
  };

  return { chargeCard, forgetCharges };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
