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

/**
 * `previous`: the view shown before this one (null at start), so a view can tell "came
 * back from a complaint" (the worklist keeps its order then) from "came from elsewhere".
 */
export const router = $state<{ route: Route; previous: Route | null }>({
  route: parseHash(globalThis.location?.hash ?? ''),
  previous: null,
});

let listening = false;

/** Starts following `hashchange`; returns the function that stops it. */
export function startRouter(): () => void {
  if (listening) return () => {};
  listening = true;
  const onChange = () => {
    const next = parseHash(window.location.hash);
    if (routeKey(next) === routeKey(router.route)) return;
    router.previous = router.route;
    router.route = next;
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
