import { describe, expect, it } from 'vitest';
import { ONE_REGION } from '../scenarios';
import { reproduceCommand, secondsText } from './reproduce';

describe('reproduceCommand', () => {
  it('replays seed, start settings and interactive commands to the current time', () => {
    const command = reproduceCommand({
      scenario: ONE_REGION,
      seed: 7,
      startSettings: [{ path: 'healthCheck.intervalMs', value: 30000 }],
      appliedCommands: [
        { atUs: 12_345_000, command: { type: 'kill', target: 'app-b1' } },
        { atUs: 40_000_000, command: { type: 'restore', target: 'app-b1' } },
        { atUs: 41_500_000, command: { type: 'cut', target: 'lb-1->app-a1', oneWay: false } },
      ],
      nowUs: 63_210_000,
    });
    expect(command).toBe(
      'npm run sim -- --seed 7 --duration 63.210 --set healthCheck.intervalMs=30000 ' +
        '--fault 12.345:kill:app-b1 --fault 40:restore:app-b1 ' +
        "--fault '41.5:cut:lb-1->app-a1'",
    );
  });

  it('leaves the scenario’s own fault script to the scenario', () => {
    const scenario = {
      ...ONE_REGION,
      name: 'scripted',
      faults: [{ atS: 5, command: { type: 'kill' as const, target: 'app-a1' } }],
    };
    const command = reproduceCommand({
      scenario,
      seed: 1,
      startSettings: [],
      appliedCommands: [{ atUs: 5_000_000, command: { type: 'kill', target: 'app-a1' } }],
      nowUs: 0,
    });
    expect(command).toBe('npm run sim -- --scenario scripted --seed 1 --duration 0.001');
  });

  it('writes seconds with millisecond precision', () => {
    expect(secondsText(1_000)).toBe('0.001');
    expect(secondsText(12_345_000)).toBe('12.345');
    expect(secondsText(90_000_000)).toBe('90.000');
  });
});
