/**
 * The course's recurring question, "how many acknowledged writes will be lost?", asked
 * by the async-replication lesson (at the promotion) and the split-brain lesson (by a
 * moment, once the old primary rejoins). One builder, so the unit, the choices' shape
 * and what is measured stay the same wherever it is asked.
 */
import type { ChoicePrediction, PredictionChoice, RunView } from '../lesson';

/**
 * Three choices that cover every count exactly once: none, a few (1 to `many` - 1), and
 * `many` or more. `fewLabel` names the middle one ("A few (1 to 9)").
 */
export function writesLostChoices(many: number, fewLabel = `1 to ${many - 1}`): PredictionChoice[] {
  return [
    { label: 'None', below: 1 },
    { label: fewLabel, atLeast: 1, below: many },
    { label: `${many} or more`, atLeast: many },
  ];
}

/** Acknowledged writes the first promotion lost (its RPO in writes), once it has happened. */
export function writesLostAtPromotion(run: RunView): number | null {
  return run.metrics?.data?.failovers[0]?.rpoWrites ?? null;
}

/** Acknowledged writes lost so far (the Data tab's count), once `ready` says it is time. */
export function writesLostOnce(ready: (run: RunView) => boolean) {
  return (run: RunView): number | null =>
    ready(run) ? (run.metrics?.data?.writesLost ?? 0) : null;
}

/** A multiple-choice prediction of acknowledged writes lost. */
export function writesLostPrediction(prediction: {
  question: string;
  choices: PredictionChoice[];
  measuredWhat: string;
  explain: string;
  measure: (run: RunView) => number | null;
}): ChoicePrediction {
  return { kind: 'choice', unit: 'acknowledged writes', ...prediction };
}

/** The async-replication lesson's question at a promotion: how many were lost there. */
export function promotionLossPrediction(question: string, explain: string): ChoicePrediction {
  return writesLostPrediction({
    question,
    choices: writesLostChoices(10, 'A few (1 to 9)'),
    measuredWhat: 'lost at the promotion',
    explain,
    measure: writesLostAtPromotion,
  });
}
