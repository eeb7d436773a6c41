/**
 * Same-microsecond order: a command scheduled at a whole second runs before that
 * second's tick (COMMAND_PHASE < TICK_PHASE), so what the tick evaluates (burn-rate
 * alerts, the per-second series) already sees the command.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/runtime';
import { ACTIVE_PASSIVE } from './builtin';
import { simulationInput } from './scenario';

describe('a command and the per-second tick at the same microsecond', () => {
  it('the command goes first: monitoring switched off as an alert would fire means no alert', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const watched = createSimulation(simulationInput(ACTIVE_PASSIVE), { seed });
      watched.runUntil(120_000_000);
      const fired = watched.log(0).entries.find((e) => e.type === 'alert-fired');
      expect(fired, `seed ${seed}`).toBeDefined();
      // Alerts are evaluated by the tick, on whole seconds.
      expect(fired!.atUs % 1_000_000).toBe(0);

      const silenced = createSimulation(simulationInput(ACTIVE_PASSIVE), { seed });
      const off = { type: 'set', path: 'monitoring.enabled', value: 'off' } as const;
      expect(silenced.schedule(fired!.atUs, off)).toEqual({ ok: true });
      silenced.runUntil(120_000_000);
      const log = silenced.log(0).entries;
      expect(
        log.filter((e) => e.type.startsWith('alert')),
        `seed ${seed}`,
      ).toEqual([]);
      expect(log.some((e) => e.atUs === fired!.atUs && e.target === 'monitoring.enabled')).toBe(
        true,
      );
    }
  });
});
