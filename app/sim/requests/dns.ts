/**
 * DNS: the traffic manager's health checks of regions, and which region a user group is sent to.
 */
import { type World } from '../engine/world';
import { DNS_CHECK, type UserGroupState, type RegionState } from '../engine/types';
import { usFromMs, usFromS, type SimTimeUs } from '../engine/time';

import type { LogWriter } from '../output/logWriter';
import type { Events } from '../engine/events';

/** What createDns needs from the engine's other parts. */
export interface DnsDeps {
  logWriter: Pick<LogWriter, 'log'>;
  events: Pick<Events, 'pushAt'>;
}

export function createDns(w: World, deps: DnsDeps) {
  const { trafficManagerId, checkRandom, dnsRandom, regionList } = w;
  const { log } = deps.logWriter;
  const { pushAt } = deps.events;

  /**
   * The traffic manager's answer for a group: its home region (active-active) or the
   * first region (active-passive) while healthy, else the next healthy one; if none
   * is healthy it answers as if all were (Route 53 does the same).
   */
  const dnsAnswer = (group: UserGroupState): RegionState => {
    const preferred = w.settings.regions.mode === 'active-passive' ? regionList[0]! : group.home;
    if (preferred.dnsHealthy) return preferred;
    for (const region of regionList)
      if (region.dnsHealthy && group.links.has(region.info.id)) return region;
    return preferred;
  };

  /**
   * Where a new attempt goes: the region in the client's cached DNS answer, refreshed
   * from the traffic manager once it expires (TTL). Both modes resolve the same way
   * (docs/reference.md "Retrying on another host"): in active-active a group's answer is its home region, so
   * when that region dies its users keep reaching it until detection and then until
   * their cached answers expire, as in active-passive; only the other groups never see it.
   */
  const regionFor = (group: UserGroupState): RegionState => {
    if (!trafficManagerId) return group.home;
    const cache = group.dnsCaches[dnsRandom.int(group.dnsCaches.length)]!;
    if (w.nowUs >= cache.expiresUs) {
      cache.region = dnsAnswer(group);
      cache.expiresUs = (w.nowUs + usFromS(w.settings.trafficManager.dnsTtlS)) as SimTimeUs;
    }
    return cache.region;
  };

  const dnsCheck = (region: RegionState): void => {
    const link = region.dnsLink!;
    const reachable =
      !region.down &&
      !link.cutForward &&
      !link.cutBackward &&
      !checkRandom.chance(link.lossFraction);
    // Route 53 alias records "evaluate target health": the endpoint is healthy while
    // its balancer has at least one target it considers healthy.
    const ok = reachable && region.balancer.targets.some((t) => t.healthy);
    const threshold = w.settings.trafficManager.failureThreshold;
    const id = region.info.id;
    if (ok) {
      region.dnsFails = 0;
      region.dnsOks++;
      if (!region.dnsHealthy && region.dnsOks >= threshold) {
        region.dnsHealthy = true;
        log(
          'dns-healthy',
          id,
          'detection',
          `${trafficManagerId} marked region ${id} healthy after ${region.dnsOks} passed checks; new DNS answers may send users there again`,
        );
      }
    } else {
      region.dnsOks = 0;
      region.dnsFails++;
      if (region.dnsHealthy && region.dnsFails >= threshold) {
        region.dnsHealthy = false;
        log(
          'dns-unhealthy',
          id,
          'detection',
          `${trafficManagerId} marked region ${id} unhealthy after ${region.dnsFails} failed checks; clients move as their cached DNS answers expire (TTL ${w.settings.trafficManager.dnsTtlS} s)`,
        );
      }
    }
    pushAt(DNS_CHECK, usFromMs(w.settings.trafficManager.intervalMs)).region = region;
  };

  return { dnsAnswer, regionFor, dnsCheck };
}

export type Dns = ReturnType<typeof createDns>;
