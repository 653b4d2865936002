import { getContext, setContext } from 'svelte';
import type { DeskDatabase } from '../data/db';
import type { DeskApi } from '../desk';
import type { SyncEngine } from '../sync/engine';
import type { AppState } from './app-state.svelte';

export interface DeskContext {
  desk: DeskApi;
  db: DeskDatabase;
  engine: SyncEngine;
  app: AppState;
}

const KEY = Symbol('desk-context');

export function setDeskContext(context: DeskContext): void {
  setContext(KEY, context);
}

export function useDesk(): DeskContext {
  const context = getContext<DeskContext | undefined>(KEY);
  if (!context) throw new Error('useDesk() outside the app shell');
  return context;
}
