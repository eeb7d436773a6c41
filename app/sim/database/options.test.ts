import { describe, expect, it } from 'vitest';
import { DATABASE_DEFAULTS, quorumsOverlap, validateDatabaseOptions } from './options';

describe('database defaults (docs/reference.md "Failover" and "Replication and quorums")', () => {
  it('uses Patroni ttl 30 s, loop_wait 10 s, retry_timeout 10 s', () => {
    expect(DATABASE_DEFAULTS).toMatchObject({
      leaseTtlMs: 30_000,
      loopWaitMs: 10_000,
      retryTimeoutMs: 10_000,
    });
  });

  it('uses MySQL rpl_semi_sync_master_timeout 10000 ms and Dynamo (N, W, R) = (3, 2, 2)', () => {
    expect(DATABASE_DEFAULTS.semiSyncTimeoutMs).toBe(10_000);
    expect([
      DATABASE_DEFAULTS.quorumN,
      DATABASE_DEFAULTS.quorumW,
      DATABASE_DEFAULTS.quorumR,
    ]).toEqual([3, 2, 2]);
  });

  it('starts async, automatic, fenced, reading from the primary, single primary', () => {
    expect(DATABASE_DEFAULTS).toMatchObject({
      replicationMode: 'async',
      failover: 'automatic',
      fencing: true,
      readsFrom: 'primary',
      conflictMode: 'single-primary',
      maximumLagOnFailoverWrites: 0,
      operatorDelayMs: 0,
    });
    expect(validateDatabaseOptions(DATABASE_DEFAULTS, 3)).toBeNull();
  });
});

describe('validateDatabaseOptions', () => {
  it("enforces Patroni's loop_wait + 2 x retry_timeout <= ttl", () => {
    expect(validateDatabaseOptions({ ...DATABASE_DEFAULTS, retryTimeoutMs: 10_001 }, 3)).toMatch(
      /loop wait \+ 2 x retry timeout <= ttl/,
    );
    expect(
      validateDatabaseOptions(
        { ...DATABASE_DEFAULTS, leaseTtlMs: 10_000, loopWaitMs: 2000, retryTimeoutMs: 4000 },
        3,
      ),
    ).toBeNull();
  });

  it('keeps 1 <= W, R <= N <= nodes', () => {
    expect(
      validateDatabaseOptions({ ...DATABASE_DEFAULTS, replicationMode: 'quorum', quorumN: 4 }, 3),
    ).toMatch(/quorum N/);
    // Outside quorum mode the default N = 3 does not stop a two-node cluster.
    expect(validateDatabaseOptions(DATABASE_DEFAULTS, 2)).toBeNull();
    expect(validateDatabaseOptions({ ...DATABASE_DEFAULTS, quorumW: 4 }, 3)).toMatch(/quorum W/);
    expect(validateDatabaseOptions({ ...DATABASE_DEFAULTS, quorumR: 0 }, 3)).toMatch(/quorum R/);
    expect(
      validateDatabaseOptions({ ...DATABASE_DEFAULTS, quorumN: 2, quorumW: 2, quorumR: 2 }, 2),
    ).toBeNull();
  });

  it('rejects unknown modes, negative durations and fractional lag bounds', () => {
    const bad = {
      ...DATABASE_DEFAULTS,
      replicationMode: 'eventual',
    } as unknown as typeof DATABASE_DEFAULTS;
    expect(validateDatabaseOptions(bad, 3)).toMatch(/replication mode/);
    expect(validateDatabaseOptions({ ...DATABASE_DEFAULTS, promotionMs: -1 }, 3)).toMatch(
      /promotion/,
    );
    expect(
      validateDatabaseOptions({ ...DATABASE_DEFAULTS, maximumLagOnFailoverWrites: 1.5 }, 3),
    ).toMatch(/maximum lag/);
  });

  it('rejects a commit rule stronger than async for multi-primary data (issue 11 item 7)', () => {
    // Every primary of active-active data acknowledges on its own commit: sync, semi-sync
    // or quorum would be shown while acknowledged writes could still be lost.
    const lww = { ...DATABASE_DEFAULTS, conflictMode: 'multi-primary-lww' } as const;
    expect(validateDatabaseOptions(lww, 2)).toBeNull();
    for (const replicationMode of ['sync', 'semi-sync', 'quorum'] as const) {
      const problem = validateDatabaseOptions({ ...lww, replicationMode, quorumN: 2 }, 2);
      expect(problem).toContain(
        `database.replicationMode=${replicationMode} needs a single primary`,
      );
      expect(problem).toContain('choose replicationMode async, or conflictMode single-primary');
      // The same commit rule with one primary is fine.
      expect(
        validateDatabaseOptions({ ...DATABASE_DEFAULTS, replicationMode, quorumN: 2 }, 2),
      ).toBeNull();
    }
  });
});

describe('quorum arithmetic (docs/reference.md "Replication and quorums")', () => {
  it('R + W > N overlaps; Dynamo (3, 2, 2) does, (3, 1, 2) does not', () => {
    expect(quorumsOverlap(3, 2, 2)).toBe(true);
    expect(quorumsOverlap(3, 1, 2)).toBe(false);
    expect(quorumsOverlap(3, 3, 1)).toBe(true);
  });

  it('the default W and R are Cassandra QUORUM = floor(RF / 2) + 1 of the default N', () => {
    const majority = Math.floor(DATABASE_DEFAULTS.quorumN / 2) + 1;
    expect(DATABASE_DEFAULTS.quorumW).toBe(majority);
    expect(DATABASE_DEFAULTS.quorumR).toBe(majority);
  });
});
