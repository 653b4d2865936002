/**
 * The views other than the worklist, loaded when first shown: the first page (the
 * worklist) then loads only what it draws, and a view's code, styles and schemas come
 * with it. Each loader runs once (a failed load is tried again next time: a file may be
 * replaced by an update). Every view is fetched once the first page is idle, the agent's
 * next steps first (a complaint, the unsent changes, a new complaint): an agent may lose the
 * network at any moment, and where the app's files come over it (the browser host), a view
 * not fetched before would then not open. The first page still waits for none of them.
 */
import type { Component } from 'svelte';
import type { Route } from './routes';

type ViewName = Exclude<Route['name'], 'worklist'>;

// Each view's props differ; Shell passes the right ones per route.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map of components with different props
type AnyComponent = Component<any>;

const loaders: Record<ViewName, () => Promise<{ default: AnyComponent }>> = {
  complaint: () => import('./ComplaintView.svelte'),
  new: () => import('./new-complaint/NewComplaintView.svelte'),
  pending: () => import('./PendingView.svelte'),
  settings: () => import('./SettingsView.svelte'),
  help: () => import('./HelpView.svelte'),
};

const loading = new Map<ViewName, Promise<AnyComponent>>();

/** The component of a view, loaded once. */
export function loadView(name: ViewName): Promise<AnyComponent> {
  let promise = loading.get(name);
  if (promise === undefined) {
    promise = loaders[name]().then((module) => module.default);
    promise.catch(() => loading.delete(name));
    loading.set(name, promise);
  }
  return promise;
}

/** Resolves once the route's view can be drawn (at once for the worklist; never rejects). */
export function viewReady(route: Route): Promise<void> {
  if (route.name === 'worklist') return Promise.resolve();
  return loadView(route.name).then(
    () => undefined,
    () => undefined,
  );
}

/** Fetches every view, the likely next ones first, once the page has nothing else to do. */
export function prefetchViews(): void {
  const idle = (globalThis as { requestIdleCallback?: (run: () => void, options?: { timeout: number }) => void }).requestIdleCallback;
  const run = (): void => {
    for (const name of ['complaint', 'pending', 'new', 'settings', 'help'] as const) void loadView(name).catch(() => undefined);
  };
  if (idle) idle(run, { timeout: 1000 });
  else setTimeout(run, 1000);
}
