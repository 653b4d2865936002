/**
 * Main's logger. Every line passes `redact()` plus the secrets main currently knows
 * (`setSecrets`), so neither the API key nor a URL carrying it reaches a log.
 *
 * `createLogger(sink)` is the building block: any backend (console, a file, electron-log)
 * gets redaction by receiving only finished, redacted lines.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from '../../common/redact';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogData = Record<string, unknown>;

export interface Logger {
  info(msg: string, data?: LogData): void;
  warn(msg: string, data?: LogData): void;
  error(msg: string, data?: LogData): void;
  /**
   * The secrets to scrub from every later line (normally the API key in use). Secrets
   * given earlier stay scrubbed too: a replaced key may still appear in stale text.
   */
  setSecrets(secrets: readonly string[]): void;
}

/** Receives a finished, already redacted line. */
export type LogSink = (level: LogLevel, line: string) => void;

/** JSON for log data: Errors keep name/message/code/cause, cycles and bigints do not throw. */
export function stringifyLogValue(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    const out = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'function') return `[function ${v.name || 'anonymous'}]`;
      if (typeof v === 'symbol') return v.toString();
      if (v instanceof Error) return describeError(v);
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    });
    return out ?? String(value);
  } catch {
    return '[unserialisable]';
  }
}

function describeError(e: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  const code = (e as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  const cause = (e as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 3) {
    out.cause = cause instanceof Error ? describeError(cause, depth + 1) : cause;
  }
  return out;
}

export function formatLogLine(level: LogLevel, msg: string, data: LogData | undefined, now: Date): string {
  let line = `${now.toISOString()} ${level.toUpperCase()} ${msg}`;
  if (data) {
    for (const [k, v] of Object.entries(data)) {
      if (v !== undefined) line += ` ${k}=${stringifyLogValue(v)}`;
    }
  }
  return line;
}

export function createLogger(sink: LogSink, now: () => Date = () => new Date()): Logger {
  const secrets = new Set<string>();
  const write = (level: LogLevel, msg: string, data?: LogData): void => {
    let line: string;
    try {
      line = redact(formatLogLine(level, msg, data, now()), [...secrets]);
    } catch {
      line = `${now().toISOString()} ${level.toUpperCase()} [log line could not be formatted]`;
    }
    try {
      sink(level, line);
    } catch {
      // A broken log sink must never break the caller.
    }
  };
  return {
    info: (msg, data) => write('info', msg, data),
    warn: (msg, data) => write('warn', msg, data),
    error: (msg, data) => write('error', msg, data),
    setSecrets(list) {
      for (const s of list) if (s) secrets.add(s);
    },
  };
}

export interface MemoryLogger extends Logger {
  /** Every line written so far, redacted. */
  readonly lines: string[];
}

/** For tests: keeps every (redacted) line. */
export function createMemoryLogger(): MemoryLogger {
  const lines: string[] = [];
  return Object.assign(createLogger((_level, line) => lines.push(line)), { lines });
}

export function createConsoleLogger(): Logger {
  return createLogger((level, line) => {
    if (level === 'error') console.error(line);
    else if (level === 'warn') console.warn(line);
    else console.log(line);
  });
}

/** Appends one line per entry (the browser host uses it). Creates the folder if needed. */
export function createFileLogger(path: string): Logger {
  let dirReady = false;
  return createLogger((_level, line) => {
    if (!dirReady) {
      mkdirSync(dirname(path), { recursive: true });
      dirReady = true;
    }
    appendFileSync(path, `${line}\n`, { encoding: 'utf8', mode: 0o600 });
  });
}
