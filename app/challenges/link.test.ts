import { describe, expect, it } from 'vitest';
import {
  challengeParams,
  parsePassed,
  readChallengeLink,
  readPassed,
  recordPassed,
  type ChallengeStorage,
} from '.';

const BASE = 'https://nines.example/';

describe('challenge links', () => {
  it('round-trips a challenge and its design', () => {
    const learner = [
      { path: 'server.workers', value: 6 },
      { path: 'healthCheck.intervalMs', value: 1000 },
    ];
    const link = readChallengeLink(`${BASE}#${challengeParams('zone-outage', learner)}`);
    expect(link.kind).toBe('challenge');
    if (link.kind === 'challenge') {
      expect(link.challenge.id).toBe('zone-outage');
      expect(link.learner).toEqual(learner);
      expect(link.notice).toBeNull();
    }
  });

  it('names an unknown challenge and the ones there are', () => {
    const link = readChallengeLink(`${BASE}#challenge=no-such`);
    expect(link.kind).toBe('unknown');
    if (link.kind === 'unknown') {
      expect(link.notice).toMatch(/"no-such"/);
      expect(link.notice).toMatch(/zone-outage/);
    }
  });

  it('leaves out a design over the budget or not allowed, naming it, and keeps the rest', () => {
    const link = readChallengeLink(
      `${BASE}#challenge=zone-outage&design=server.workers=9,retries.budget=percent,healthCheck.intervalMs=1000,junk`,
    );
    if (link.kind !== 'challenge') throw new Error(link.kind);
    expect(link.learner).toEqual([{ path: 'healthCheck.intervalMs', value: 1000 }]);
    expect(link.notice).toMatch(/server\.workers=9.*at most 6/);
    expect(link.notice).toMatch(/retries\.budget=percent.*cannot be changed/);
    expect(link.notice).toMatch(/"junk" \(must look like PATH=VALUE\)/);
  });

  it('names the allowed range for a design value that is not a number', () => {
    const link = readChallengeLink(`${BASE}#challenge=zone-outage&design=server.workers=abc`);
    if (link.kind !== 'challenge') throw new Error(link.kind);
    expect(link.learner).toEqual([]);
    expect(link.notice).toContain('"server.workers=abc"');
    // The range of the setting's spec (Workers per server: 1 to 256), not just "a number".
    expect(link.notice).toMatch(/server\.workers must be a number between 1 and 256 \(got "abc"\)/);
    const half = readChallengeLink(`${BASE}#challenge=zone-outage&design=server.workers=2.5`);
    if (half.kind !== 'challenge') throw new Error(half.kind);
    expect(half.notice).toMatch(
      /server\.workers must be a whole number between 1 and 256 \(got 2\.5\)/,
    );
  });

  it('is none without a challenge parameter', () => {
    expect(readChallengeLink(`${BASE}#scenario=one-region`).kind).toBe('none');
  });
});

describe('challenge progress', () => {
  const memory = (): ChallengeStorage & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return {
      data,
      getItem: (k) => data.get(k) ?? null,
      setItem: (k, v) => void data.set(k, v),
    };
  };

  it('records each passed challenge once and reads it back', () => {
    const storage = memory();
    recordPassed(storage, 'retry-storm');
    recordPassed(storage, 'retry-storm');
    recordPassed(storage, 'gray-failure');
    expect(readPassed(storage)).toEqual(['retry-storm', 'gray-failure']);
  });

  it('reads broken or foreign data as what is valid, never throwing', () => {
    expect(parsePassed('{')).toEqual([]);
    expect(parsePassed('null')).toEqual([]);
    expect(parsePassed('{"passed":["ok-1",3,"Bad Id"]}')).toEqual(['ok-1']);
    const throwing: ChallengeStorage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(readPassed(throwing)).toEqual([]);
    expect(recordPassed(throwing, 'split-brain')).toEqual(['split-brain']);
  });
});
