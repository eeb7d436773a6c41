/**
 * Every network link as a button, for keyboard and screen-reader users (on the diagram
 * links are mouse targets only). Buttons carry the UI contract's names,
 * `link lb-1->app-a1: ok`, are grouped by kind in collapsible groups, and open the same
 * action menu as a click on the drawn link.
 */
import { useId, useMemo, useState } from 'react';
import type { LinkInfo, LinkView } from '../../sim';
import { linkAccessibleName } from '../../views/topology';
import { Disclosure } from './Disclosure';
import { togglePartMenu } from './partMenu';
import { usePlayground } from '../app/usePlayground';

/** Group headings by link scope, in display order. */
const LINK_GROUPS: ReadonlyArray<{ scope: LinkInfo['scope']; title: string }> = [
  { scope: 'user', title: 'Users to their region' },
  { scope: 'cross-region', title: 'Users to other regions' },
  { scope: 'control', title: 'Traffic manager health checks' },
  { scope: 'region', title: 'Balancers to servers' },
  { scope: 'dependency', title: 'Servers to the dependency' },
  { scope: 'replication', title: 'Database replication' },
];

const NO_LINKS: readonly LinkView[] = [];

export function LinkList() {
  const snapshot = usePlayground((s) => s.run.snapshot);
  const links = snapshot?.links ?? NO_LINKS;
  const actions = usePlayground((s) => s.run.actions);
  const menuFor = usePlayground((s) => s.ui.menuFor);
  const selectedId = usePlayground((s) => s.ui.selectedId);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const listId = useId();

  const groups = useMemo(
    () =>
      LINK_GROUPS.map((group) => ({
        ...group,
        links: links.filter(
          (l) =>
            l.scope === group.scope && (actions[l.id] === undefined || actions[l.id]!.length > 0),
        ),
      })).filter((group) => group.links.length > 0),
    [links, actions],
  );
  const count = groups.reduce((sum, g) => sum + g.links.length, 0);
  const faulty = groups.reduce((sum, g) => sum + g.links.filter((l) => l.state !== 'ok').length, 0);
  if (count === 0) return null;

  const toggleGroup = (scope: string) => {
    const next = new Set(collapsed);
    if (next.has(scope)) next.delete(scope);
    else next.add(scope);
    setCollapsed(next);
  };

  return (
    <section className="link-list" aria-label="Links">
      <Disclosure
        label={`Links (${count}${faulty > 0 ? `, ${faulty} faulty` : ''})`}
        buttonClass="link-list-toggle"
      >
        {groups.map((group) => {
          const expanded = !collapsed.has(group.scope);
          const groupId = `${listId}-${group.scope}`;
          return (
            <div className="link-group" key={group.scope}>
              <h3 className="link-group-title">
                <button
                  type="button"
                  className="link-group-toggle"
                  aria-expanded={expanded}
                  aria-controls={groupId}
                  onClick={() => toggleGroup(group.scope)}
                >
                  <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {group.title} (
                  {group.links.length})
                </button>
              </h3>
              <ul id={groupId} className="link-buttons" hidden={!expanded}>
                {expanded &&
                  group.links.map((link) => {
                    const name = linkAccessibleName(link, snapshot ?? undefined);
                    return (
                      <li key={link.id}>
                        <button
                          type="button"
                          className={`link-button${link.state !== 'ok' ? ' faulty' : ''}${
                            selectedId === link.id ? ' selected' : ''
                          }`}
                          data-id={link.id}
                          aria-haspopup="dialog"
                          aria-expanded={menuFor === link.id}
                          onClick={() => togglePartMenu(link.id)}
                        >
                          {name}
                        </button>
                      </li>
                    );
                  })}
              </ul>
            </div>
          );
        })}
      </Disclosure>
    </section>
  );
}
