/**
 * What every policy source gives the policy service (./policy-service.ts): the raw
 * enforced values and defaults of one place, before the schema (common/policy.ts) checks
 * them, and what could not be read at all. Sources never throw: a bad source is a refusal,
 * and the app starts without it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { PolicyRefusal } from '../../../common/policy';

export interface RawPolicy {
  /** Where the values came from, as the About list names it (a path, a registry key). */
  source: string;
  enforced: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

export interface SourceRead {
  /** Each place read, in precedence order (the first one that sets a name wins). */
  found: RawPolicy[];
  /** A whole place (or its defaults section) that was refused. */
  refused: PolicyRefusal[];
}

export const NOTHING_READ: SourceRead = { found: [], refused: [] };

/** Runs an OS tool (`reg`, `plutil`); injectable so the sources are tested with fakes. */
export type CommandRunner = (command: string, args: readonly string[]) => { status: number | null; stdout: string; stderr: string };

/** Reads a file's bytes; throws like `fs.readFileSync` (an ENOENT `code` for "not there"). */
export type FileReader = (path: string) => Uint8Array;

/** Policies are read once at start, before any window: a tool that hangs must not hold it up. */
const TOOL_TIMEOUT_MS = 5_000;

export const runCommand: CommandRunner = (command, args) => {
  const r = spawnSync(command, [...args], { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS, windowsHide: true, maxBuffer: 1024 * 1024 });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '', stderr: r.error ? r.error.message : (r.stderr ?? '') };
};

export const readFileBytes: FileReader = (path) => readFileSync(path);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function errorCode(e: unknown): unknown {
  return (e as { code?: unknown } | null)?.code;
}

export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}
