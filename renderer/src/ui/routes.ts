/**
 * The app's routes and their hash URLs, as pure functions (no runes, no DOM):
 * `#/`, `#/complaint/<id>`, `#/new`, `#/new/<local reference>`, `#/pending`, `#/settings`, `#/help`.
 * router.svelte.ts holds the current route and follows `hashchange`.
 */
export type Route =
  | { name: 'worklist' }
  | { name: 'complaint'; id: string }
  /** `edit`: the local reference of a filed complaint to correct (refused or not sent yet). */
  | { name: 'new'; edit?: string }
  | { name: 'pending' }
  | { name: 'settings' }
  | { name: 'help' };

/** A location hash (with or without `#`, with or without the leading `/`) → a route; anything unknown → the worklist. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/?/, '/');
  const complaint = /^\/complaint\/(.+)$/.exec(path);
  if (complaint?.[1]) {
    let id = complaint[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      // Keep the raw text: the detail view reports an unknown ID.
    }
    return { name: 'complaint', id };
  }
  const edit = /^\/new\/(local-[a-z2-9]{10})$/.exec(path);
  if (edit?.[1]) return { name: 'new', edit: edit[1] };
  switch (path) {
    case '/new':
      return { name: 'new' };
    case '/pending':
      return { name: 'pending' };
    case '/settings':
      return { name: 'settings' };
    case '/help':
      return { name: 'help' };
    default:
      return { name: 'worklist' };
  }
}

/** A route → its hash URL (the inverse of parseHash). */
export function formatHash(route: Route): string {
  switch (route.name) {
    case 'worklist':
      return '#/';
    case 'complaint':
      return `#/complaint/${encodeURIComponent(route.id)}`;
    case 'new':
      return route.edit === undefined ? '#/new' : `#/new/${route.edit}`;
    default:
      return `#/${route.name}`;
  }
}

/** A key that changes when the view (not just its data) changes. */
export function routeKey(route: Route): string {
  if (route.name === 'complaint') return `complaint:${route.id}`;
  if (route.name === 'new' && route.edit !== undefined) return `new:${route.edit}`;
  return route.name;
}
