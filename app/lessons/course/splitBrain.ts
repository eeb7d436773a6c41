/**
 * Split brain and fencing (docs/reference.md "Failover" and "Replication and quorums"): the primary is cut from its
 * peers and the lease store but not from the app servers. Without fencing it keeps
 * acknowledging writes after a replica is promoted; they are lost when it rejoins.
 * Fencing stops the second writer; quorum replication stops the first one acknowledging
 * what no other node has.
 */
import { SPLIT_BRAIN } from '../../scenarios';
import { defaultSettings } from '../../sim';
import type { Lesson } from '../lesson';
import { nowS } from './measures';
import { writesLostChoices, writesLostOnce, writesLostPrediction } from './writesLost';

const DB = { ...defaultSettings().database, ...SPLIT_BRAIN.settings.database };
const S = (ms: number) => ms / 1000;
const ISOLATED_AT_S = SPLIT_BRAIN.faults[0]!.atS;
const HEALED_AT_S = SPLIT_BRAIN.faults[1]!.atS;
/** A few seconds after the partition heals: the rejoin has counted what it discarded. */
const AFTER_HEAL_S = HEALED_AT_S + 5;
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

const LOST_CHOICES = writesLostChoices(100);
/** Lost so far, once the run has reached the moment after the partition healed. */
const LOST_AFTER_HEAL = writesLostOnce((run) => nowS(run) >= AFTER_HEAL_S);

export const SPLIT_BRAIN_AND_FENCING: Lesson = {
  id: 'split-brain',
  title: 'Split brain: two primaries, and how fencing stops it',
  summary:
    'Cut the primary off from its peers but not from its clients; count the acknowledged writes lost, then fence and use a quorum.',
  scenario: 'split-brain',
  steps: [
    {
      title: 'A primary cut off',
      text: [
        `At ${clock(ISOLATED_AT_S)} db-a1, the primary, is cut from the other database nodes and from the lease store, but the app servers still reach it. It is not dead: it is alone.`,
        'The replicas see a primary that stopped renewing its lease, exactly as if it had died.',
      ],
      task: `Wait for the partition at ${clock(ISOLATED_AT_S)}.`,
      checks: [{ kind: 'log', type: 'db-isolate', target: 'db-a1' }],
      spotlight: {
        ids: ['db-a1', 'db-a1->db-b1', 'db-a1->db-c1'],
        label: 'cut off, still serving',
      },
    },
    {
      title: 'Two primaries',
      text: [
        `When the lease expires a replica is promoted. Fencing is off here: nothing tells db-a1 it is no longer the primary, and the app servers still send it writes.`,
      ],
      task: 'Wait until a replica is promoted, and a while after.',
      checks: [
        { kind: 'metric', metric: 'failovers', atLeast: 1 },
        { kind: 'time', atLeastS: 100 },
      ],
      predict: {
        kind: 'choice',
        question:
          'After a replica is promoted, will db-a1 go on acknowledging writes (split-brain writes) by 1:40?',
        choices: [
          { label: 'No: it stops once another primary exists', below: 1 },
          { label: 'Yes: two primaries take writes', atLeast: 1 },
        ],
        unit: 'writes',
        measuredWhat: 'acknowledged by db-a1 after the promotion, by 1:40',
        explain:
          'db-a1 cannot see the new primary, and nobody stops it: every app server that still reaches it gets "saved".',
        measure: (run) => (nowS(run) >= 100 ? (run.metrics?.data?.splitBrainWrites ?? 0) : null),
      },
      pauseWhen: {
        when: { kind: 'metric', metric: 'failovers', atLeast: 1 },
        label: 'A replica has just been promoted while db-a1 still takes writes: two primaries.',
      },
      spotlight: { ids: ['db-a1', 'db-b1', 'db-c1'], label: 'two primaries' },
    },
    {
      title: 'The partition heals',
      text: [
        `At ${clock(HEALED_AT_S)} the partition heals and db-a1 rejoins as a replica. Its writes are not on the new primary's timeline: it discards them.`,
      ],
      task: `Wait for db-a1 to rejoin at ${clock(HEALED_AT_S)}.`,
      checks: [{ kind: 'log', type: 'db-rejoin', target: 'db-a1' }],
      predict: writesLostPrediction({
        question: 'How many acknowledged writes will have been lost in all, once db-a1 rejoins?',
        choices: LOST_CHOICES,
        measuredWhat: 'lost in all (the Data tab counts them)',
        explain:
          'Everything db-a1 acknowledged after the cut never reached the others: the writes before the promotion, and the split-brain writes after it.',
        measure: writesLostOnce((run) => run.log.some((e) => e.type === 'db-rejoin')),
      }),
      pauseWhen: {
        when: { kind: 'log', type: 'db-rejoin', target: 'db-a1' },
        label: 'db-a1 has just rejoined and thrown away what it acknowledged alone.',
      },
      spotlight: { ids: ['db-a1'], label: 'discards its writes' },
    },
    {
      title: 'Fencing',
      text: [
        `With fencing, every primary carries an epoch (a fencing token) and a primary cut from the lease store demotes itself after retrying for ${S(DB.retryTimeoutMs)} s, so an old primary refuses writes once a newer one can exist. The run starts again with fencing on.`,
      ],
      restartWith: [{ path: 'database.fencing', value: 'on' }],
      task: `Wait until ${clock(AFTER_HEAL_S)}.`,
      checks: [
        { kind: 'time', atLeastS: AFTER_HEAL_S },
        { kind: 'metric', metric: 'splitBrainWrites', atMost: 0 },
      ],
      predict: writesLostPrediction({
        question: 'With fencing on, how many acknowledged writes will be lost in all?',
        choices: LOST_CHOICES,
        measuredWhat: `lost by ${clock(AFTER_HEAL_S)}`,
        explain: `Fencing removed the second writer, but replication is still asynchronous: what db-a1 acknowledged between the cut and its demotion (up to ${S(DB.loopWaitMs + DB.retryTimeoutMs)} s) never reached a replica.`,
        measure: LOST_AFTER_HEAL,
      }),
      spotlight: { ids: ['db-a1'], label: 'demotes itself' },
    },
    {
      title: 'A quorum',
      text: [
        `With quorum replication a write is acknowledged only once ${DB.quorumW} of the ${DB.quorumN} nodes have it. A primary that is alone cannot gather a quorum, so it acknowledges nothing: its writes fail instead of being lost. The run starts again with quorum replication and fencing.`,
      ],
      restartWith: [{ path: 'database.replicationMode', value: 'quorum' }],
      task: `Wait until ${clock(AFTER_HEAL_S)}.`,
      checks: [
        { kind: 'time', atLeastS: AFTER_HEAL_S },
        { kind: 'metric', metric: 'writesLost', atMost: 0 },
      ],
      predict: writesLostPrediction({
        question: 'With a quorum and fencing, how many acknowledged writes will be lost?',
        choices: LOST_CHOICES,
        measuredWhat: `lost by ${clock(AFTER_HEAL_S)}`,
        explain:
          'Every acknowledged write is on a majority, and any majority overlaps the replicas that elect the next primary.',
        measure: LOST_AFTER_HEAL,
      }),
      spotlight: { ids: ['db-b1', 'db-c1'], label: 'the majority' },
    },
    {
      title: 'What you learnt',
      text: [
        'A node that is cut off looks dead to the others but may be alive to its clients. Without fencing, a failover makes two primaries, and whatever the old one acknowledges is lost when it rejoins.',
        'Fencing (an epoch or token the storage checks) stops the old primary writing; a quorum stops any node acknowledging a write the majority does not have. The price is availability: during the cut, writes fail rather than vanish.',
      ],
    },
  ],
};
