/**
 * Hash routing, so a reload keeps the view: `#/`, `#/complaint/<id>`, `#/pending`,
 * `#/settings`, `#/help`. (Hash URLs need no server support under app:// or the host.)
 */
export type Route =
  | { name: 'worklist' }
  | { name: 'complaint'; id: string }
  | { name: 'pending' }
  | { name: 'settings' }
  | { name: 'help' };

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
  switch (path) {
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

export function href(route: Route): string {
  switch (route.name) {
    case 'worklist':
      return '#/';
    case 'complaint':
      return `#/complaint/${encodeURIComponent(route.id)}`;
    default:
      return `#/${route.name}`;
  }
}

export const router = $state<{ route: Route }>({ route: parseHash(globalThis.location?.hash ?? '') });

let listening = false;

/** Starts following `hashchange`; returns the function that stops it. */
export function startRouter(): () => void {
  if (listening) return () => {};
  listening = true;
  const onChange = () => {
    router.route = parseHash(window.location.hash);
  };
  window.addEventListener('hashchange', onChange);
  onChange();
  return () => {
    listening = false;
    window.removeEventListener('hashchange', onChange);
  };
}

export function navigate(route: Route): void {
  const target = href(route);
  if (window.location.hash === target) return;
  window.location.hash = target;
}

/** A key that changes when the view (not just its data) changes. */
export function routeKey(route: Route): string {
  return route.name === 'complaint' ? `complaint:${route.id}` : route.name;
}
