/**
 * Idempotency (docs/reference.md "Timeouts, retries, backoff, jitter"): a user's retry after a lost answer charges the
 * card again; with an idempotency key the payments service replays the first result.
 */
import type { Command } from '../../sim';
import type { Lesson, RunView } from '../lesson';
import { firstLoggedS, nowS } from './measures';

/** The answers from payments to app-a1 are lost: the charge is made, the reply never comes. */
const LOSE_ANSWERS: Command = { type: 'cut', target: 'payments->app-a1', oneWay: true };
/** How long after the cut the predictions are measured. */
const WATCH_S = 30;

/** Cards charged twice in the WATCH_S seconds after the answers started to be lost. */
function duplicatesAfterCut(run: RunView): number | null {
  const cutS = firstLoggedS(run, 'cut', 'payments->app-a1');
  if (cutS === null || nowS(run) < cutS + WATCH_S) return null;
  return run.metrics?.defences.duplicateSideEffects ?? null;
}

const DUPLICATE_CHOICES = [
  { label: 'None: a failed call charges nothing', below: 1 },
  { label: 'A few (1 to 9)', atLeast: 1, below: 10 },
  { label: '10 or more', atLeast: 10 },
];

export const IDEMPOTENCY: Lesson = {
  id: 'idempotency',
  title: 'Idempotency: a retry that charges twice',
  summary:
    'Lose the answers from payments and let users retry: cards are charged twice, until requests carry an idempotency key.',
  scenario: 'checkout',
  settings: [{ path: 'retries.clientMaxAttempts', value: 2 }],
  steps: [
    {
      title: 'Checkout, with a retry',
      text: [
        'Three requests in ten are checkouts: the app server charges a card at payments. A user whose request fails tries once more, and the balancer sends the retry to the next server.',
        'Retrying is safe for a read. A charge is not a read.',
      ],
      task: 'Let it run for 10 simulated seconds.',
      checks: [{ kind: 'time', atLeastS: 10 }],
      spotlight: { ids: ['payments'], label: 'charges cards' },
    },
    {
      title: 'The answers get lost',
      text: [
        'Now the network loses every answer from payments to app-a1: payments charges the card, app-a1 never hears back, gives up after its timeout and answers the user with an error. The user retries; another server charges the card again and this time hears back.',
      ],
      task: 'Open the link app-a1->payments (on the diagram or in the link list) and choose "Cut one way back".',
      checks: [{ kind: 'metric', metric: 'duplicateCharges', atLeast: 1 }],
      solution: [LOSE_ANSWERS],
      predict: {
        kind: 'choice',
        question: `Every answer from payments to app-a1 is lost. In the next ${WATCH_S} s, how many cards will be charged twice?`,
        choices: DUPLICATE_CHOICES,
        unit: 'cards charged twice',
        measuredWhat: `in the ${WATCH_S} s after the cut`,
        explain:
          'The charge happened; only its answer was lost. A retry cannot tell "not done" from "done, answer lost", so it does it again.',
        measure: duplicatesAfterCut,
      },
      pauseWhen: {
        when: { kind: 'metric', metric: 'duplicateCharges', atLeast: 1 },
        label: 'A card has just been charged a second time for the same order.',
      },
      spotlight: { ids: ['app-a1', 'payments'], label: 'answers lost' },
    },
    {
      title: 'Charged twice, told it worked',
      text: [
        'Look at the Defences tab: "Charged twice" counts up. Most of these users saw their checkout succeed on the retry, and nothing on the availability panel looks wrong: the damage is on their bank statements.',
      ],
      checks: [{ kind: 'metric', metric: 'duplicateCharges', atLeast: 1 }],
    },
    {
      title: 'Idempotency keys',
      text: [
        "With an idempotency key (Stripe's Idempotency-Key header) the client sends the same key with every try of one order; payments stores the first result for a key and replays it for a retry instead of charging again. The run starts again with keys on and the same lost answers.",
      ],
      restartWith: [{ path: 'idempotency.keys', value: 'on' }],
      task: 'Cut the answers from payments to app-a1 again ("Cut one way back").',
      checks: [
        { kind: 'metric', metric: 'idempotentReplays', atLeast: 1 },
        { kind: 'metric', metric: 'duplicateCharges', atMost: 0 },
      ],
      solution: [LOSE_ANSWERS],
      predict: {
        kind: 'choice',
        question: `With idempotency keys, how many cards will be charged twice in the ${WATCH_S} s after the cut?`,
        choices: DUPLICATE_CHOICES,
        unit: 'cards charged twice',
        measuredWhat: `in the ${WATCH_S} s after the cut`,
        explain:
          'The retry carries the key of the first try: payments recognises it and answers with the first result.',
        measure: duplicatesAfterCut,
      },
      spotlight: { ids: ['payments'], label: 'replays the first result' },
    },
    {
      title: 'What you learnt',
      text: [
        'A timeout does not mean "not done": after a lost answer the work may have happened. Retrying a write that is not idempotent duplicates its side effect.',
        'Make writes idempotent before you add retries: a key chosen by the client, stored with the first result by the server. The Defences tab counts retried charges answered from the store ("Idempotent replays").',
      ],
    },
  ],
};
