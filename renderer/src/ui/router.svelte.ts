/**
 * Hash routing, so a reload keeps the view: `#/`, `#/complaint/<id>`, `#/pending`,
 * `#/settings`, `#/help`. (Hash URLs need no server support under app:// or the host.)
 * The pure parsing and formatting live in ./routes.ts; this module holds the current
 * route (a rune) and follows `hashchange`.
 */
import { formatHash, parseHash, routeKey, type Route } from './routes';

export { parseHash, routeKey, type Route };

/** A route's hash URL, for links (`href={href(route)}`). */
export const href = formatHash;

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

/** `replace`: instead of the current history entry (Back does not return to it). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const target = href(route);
  if (window.location.hash === target) return;
  if (options.replace === true) window.location.replace(target);
  else window.location.hash = target;
}
