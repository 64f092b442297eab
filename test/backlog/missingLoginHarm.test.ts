// A missing-login story's harm follows from its worst route and from whose records those are:
// customers' own orders are theirs to lose, while a back office acts on everyone's records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingLoginHarm } from '../../server/src/backlog/story/missingLoginHarm';
import type { RouteAction } from '../../server/src/backlog/story/routeActions';

const action = (kind: RouteAction['kind'], doing: string, object: string, impact: 1 | 2 | 3, personal = true): RouteAction => ({ kind, does: doing, doing, object, guessed: false, personal, impact });

describe('the harm of a missing login', () => {
  it('names whose records a deletion or change takes, and only for the groups that own them', () => {
    assert.match(missingLoginHarm(action('delete', 'delete an order', 'orders', 3), 'customers'), /^customers' orders are gone, /);
    assert.match(missingLoginHarm(action('change', 'change todos', 'todos', 2), 'administrators'), /^the todos change as I choose, /);
    assert.match(missingLoginHarm(action('change', 'change a review', 'reviews', 2), 'customers'), /^customers' reviews change as I choose, /);
    assert.match(missingLoginHarm(action('change', 'change a password', 'passwords', 3), 'staff'), /^people's accounts change as I choose, /);
  });

  it('tells a read of people\'s data from figures a back office keeps', () => {
    assert.match(missingLoginHarm(action('read', 'read todos', 'todos', 2), 'logged-in users'), /^I copy logged-in users' todos, /);
    assert.match(missingLoginHarm(action('read', 'read sales', 'sales', 1, false), 'staff'), /^I see the sales meant for staff only, /);
    assert.match(missingLoginHarm(action('run', 'run tar on the server', 'tar', 2), 'staff'), /^the server runs work meant for staff on my behalf, /);
  });

  it('always says what the missing account costs the app', () => {
    assert.match(missingLoginHarm(action('add', 'add a todo', 'todos', 2), 'logged-in users'), /, and no account stands behind my requests for the app to refuse, lock or trace$/);
  });
});
