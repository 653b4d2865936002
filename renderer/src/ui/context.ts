/**
 * What one destination's workspace (../Workspace.svelte) gives every component under it:
 * main's API, the workspace's database, its sync engine and the app's state. Set once by
 * the workspace; components read it with useWorkspace().
 */
import { getContext, setContext } from 'svelte';
import type { DeskDatabase } from '../data/db';
import type { DeskApi } from '../desk';
import type { SyncEngine } from '../sync/engine';
import type { AppState } from './app-state.svelte';

export interface WorkspaceContext {
  desk: DeskApi;
  db: DeskDatabase;
  engine: SyncEngine;
  app: AppState;
}

const KEY = Symbol('workspace-context');

export function setWorkspaceContext(context: WorkspaceContext): void {
  setContext(KEY, context);
}

export function useWorkspace(): WorkspaceContext {
  const context = getContext<WorkspaceContext | undefined>(KEY);
  if (!context) throw new Error('useWorkspace() outside a workspace');
  return context;
}
