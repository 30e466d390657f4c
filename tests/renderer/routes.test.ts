import { expect, test } from 'vitest';
import { defaultRoute, hashFor, routeFromHash, routes } from '../../renderer/src/routes.ts';

test.each([
  ['#/status', 'status'],
  ['#status', 'status'],
  // Later screens may add their own path or query after the screen id.
  ['#/review/entry-42', 'review'],
  ['#/chat?session=3', 'chat'],
  // Anything unknown falls back to the start screen instead of a blank page.
  ['', defaultRoute],
  ['#/', defaultRoute],
  ['#/settings', defaultRoute],
  ['#/constructor', defaultRoute],
])('routeFromHash(%j) is %s', (hash, expected) => {
  expect(routeFromHash(hash)).toBe(expected);
});

test('every route survives a round trip through its hash', () => {
  for (const route of routes) expect(routeFromHash(hashFor(route.id))).toBe(route.id);
});
