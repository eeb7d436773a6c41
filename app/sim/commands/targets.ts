/**
 * What a command's target names: a server or the dependency, a zone, a region, a link (or every link into a zone), and whether it is broken.
 */
import { type World } from '../engine/world';
import { type LinkState, type ServerState } from '../engine/types';
import { linkId } from '../topology';

export function createTargets(w: World) {
  const { componentById, links, servers, zones, balancers, dependency } = w;

  /**
   * Resolves a link target: `FROM->TO` names a link (either direction), and
   * `BALANCER->ZONE` every link from that balancer into the zone. `forward` says
   * whether the named direction is the link's own.
   */
  const resolveLinks = (target: string): Array<{ link: LinkState; forward: boolean }> => {
    const direct = links.get(target);
    if (direct) return [{ link: direct, forward: true }];
    const [from, to] = target.split('->');
    if (from === undefined || to === undefined) return [];
    const reverse = links.get(linkId(to, from));
    if (reverse) return [{ link: reverse, forward: false }];
    const zone = zones.get(to);
    const balancer = balancers.get(from);
    if (zone && balancer) {
      return zone.servers
        .map((s) => links.get(linkId(from, s.info.id)))
        .filter((l): l is LinkState => l !== undefined)
        .map((link) => ({ link, forward: true }));
    }
    return [];
  };

  const targetKind = (target: string): string | null => {
    const info = componentById.get(target);
    if (info) return info.kind;
    return resolveLinks(target).length > 0 ? 'link' : null;
  };

  /** The app server or the dependency with this id. */
  const serverLike = (id: string): ServerState | undefined =>
    servers.get(id) ?? (dependency && dependency.info.id === id ? dependency : undefined);

  const linkFaulty = (link: LinkState): boolean =>
    link.cutForward || link.cutBackward || link.addedLatencyMs > 0 || link.lossFraction > 0;

  const serverBroken = (server: ServerState): boolean =>
    server.process === 'crashed' ||
    !server.hostUp ||
    server.slowFactor !== 1 ||
    server.flapPeriodUs > 0 ||
    server.errorFraction > 0;

  return { resolveLinks, targetKind, serverLike, linkFaulty, serverBroken };
}

export type Targets = ReturnType<typeof createTargets>;
