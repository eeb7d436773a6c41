/**
 * Events are a union discriminated by `kind`, each kind with only its fields (checked by
 * the type checker: `npx tsc`, part of `npm test`), and all kinds share one record shape
 * at run time (the pool reuses records across kinds).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ARRIVAL,
  AT_BALANCER,
  AT_DEPENDENCY,
  AT_SERVER,
  CALLBACK,
  DEPENDENCY_REPLY,
  DROPPED,
  REPLY_AT_BALANCER,
  REPLY_AT_USER,
  type Outcome,
  type SimEvent,
  type SimEventOf,
  type TravellingEvent,
  type Try,
  type UserGroupState,
} from './types';
import type { SimTimeUs } from './time';

describe('scheduled events', () => {
  it('narrow by kind to exactly their own fields', () => {
    expectTypeOf<SimEventOf<typeof ARRIVAL>['group']>().toEqualTypeOf<UserGroupState>();
    expectTypeOf<SimEventOf<typeof ARRIVAL>>().not.toHaveProperty('try_');
    expectTypeOf<SimEventOf<typeof ARRIVAL>>().not.toHaveProperty('outcome');
    expectTypeOf<SimEventOf<typeof AT_SERVER>['try_']>().toEqualTypeOf<Try>();
    expectTypeOf<SimEventOf<typeof REPLY_AT_BALANCER>['outcome']>().toEqualTypeOf<Outcome>();
    expectTypeOf<SimEventOf<typeof CALLBACK>['fn']>().toEqualTypeOf<() => void>();
    expectTypeOf<Extract<SimEvent, { kind: typeof DROPPED }>>().toEqualTypeOf<
      SimEventOf<typeof DROPPED>
    >();
  });

  it('travel on the wire only as the messages a view draws', () => {
    type Sent =
      | typeof AT_BALANCER
      | typeof AT_SERVER
      | typeof AT_DEPENDENCY
      | typeof REPLY_AT_BALANCER
      | typeof REPLY_AT_USER
      | typeof DEPENDENCY_REPLY
      | typeof DROPPED;
    expectTypeOf<TravellingEvent['kind']>().toEqualTypeOf<Sent>();
    expectTypeOf<TravellingEvent['sentUs']>().toEqualTypeOf<SimTimeUs>();
    // The kinds are distinct numbers, so the loop's switch tells them apart.
    const kinds = [AT_BALANCER, AT_SERVER, AT_DEPENDENCY, REPLY_AT_BALANCER, REPLY_AT_USER];
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});
