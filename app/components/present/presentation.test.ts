// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  isField,
  noNextFaultText,
  presenterKeyAction,
  presentingFromUrl,
  withPresenting,
} from './presentation';

const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({
  key: k,
  defaultPrevented: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...extra,
});

describe('presentation links', () => {
  it('reads `present` from the hash or the query, and nothing else', () => {
    expect(presentingFromUrl('https://x.test/#scenario=active-passive&present')).toBe(true);
    expect(presentingFromUrl('https://x.test/?present=1#seed=4')).toBe(true);
    expect(presentingFromUrl('https://x.test/#scenario=present')).toBe(false);
    expect(presentingFromUrl('https://x.test/#presenter=1')).toBe(false);
    expect(presentingFromUrl('https://x.test/')).toBe(false);
  });

  it('adds and removes `present`, keeping the share link as it is', () => {
    const link = 'https://x.test/nines/#scenario=active-passive&seed=7&faults=5:kill:app-eu-a1';
    const on = withPresenting(link, true);
    expect(on).toBe(`${link}&present`);
    expect(withPresenting(on, true)).toBe(on);
    expect(withPresenting(on, false)).toBe(link);
    expect(withPresenting('https://x.test/', true)).toBe('https://x.test/#present');
  });
});

describe('presenter keys', () => {
  it("maps a remote's keys", () => {
    expect(presenterKeyAction(key('PageDown'), false)).toBe('next');
    expect(presenterKeyAction(key('ArrowRight'), false)).toBe('next');
    expect(presenterKeyAction(key('PageUp'), false)).toBe('previous');
    expect(presenterKeyAction(key('ArrowLeft'), false)).toBe('previous');
    expect(presenterKeyAction(key('b'), false)).toBe('toggle-play');
    expect(presenterKeyAction(key('.'), false)).toBe('toggle-play');
    expect(presenterKeyAction(key('Escape'), false)).toBe('leave');
    expect(presenterKeyAction(key('x'), false)).toBeNull();
  });

  it('leaves keys to text fields, to widgets that used them, and to shortcuts', () => {
    expect(presenterKeyAction(key('PageDown'), true)).toBeNull();
    expect(presenterKeyAction(key('ArrowRight', { defaultPrevented: true }), false)).toBeNull();
    expect(presenterKeyAction(key('ArrowLeft', { altKey: true }), false)).toBeNull();
    expect(presenterKeyAction(key('b', { ctrlKey: true }), false)).toBeNull();
  });

  it('counts text inputs, selects and text areas as fields, but not buttons', () => {
    const make = (html: string) => {
      const box = document.createElement('div');
      box.innerHTML = html;
      return box.firstElementChild;
    };
    expect(isField(make('<input type="text">'))).toBe(true);
    expect(isField(make('<input>'))).toBe(true);
    expect(isField(make('<select></select>'))).toBe(true);
    expect(isField(make('<textarea></textarea>'))).toBe(true);
    expect(isField(make('<input type="checkbox">'))).toBe(false);
    expect(isField(make('<button>Next</button>'))).toBe(false);
    expect(isField(null)).toBe(false);
  });
});

describe('the presenter line with no fault ahead', () => {
  it('invites breaking something where the scenario has no fault script', () => {
    expect(noNextFaultText(0)).toBe(
      'This scenario has no scripted faults: break something on the diagram.',
    );
  });

  it('says the script ran out where it had faults, all past', () => {
    expect(noNextFaultText(1)).toBe('No more faults in the script.');
    expect(noNextFaultText(3)).toBe('No more faults in the script.');
  });
});
