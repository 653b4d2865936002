/**
 * Renderer errors and unhandled rejections go to main's log (main.log in the desktop app,
 * desk.log in the browser host) through `desk.reportError`. Main redacts and rate-limits
 * them (electron/services/renderer-errors.ts); here they are only bounded, and a report
 * that fails is dropped (never a loop of errors about errors).
 */
import type { DeskApi } from './desk';

interface ErrorTarget {
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
}

function describe(value: unknown): { message: string; stack?: string } {
  if (value instanceof Error) {
    return { message: `${value.name}: ${value.message}`.slice(0, 2000), ...(value.stack ? { stack: value.stack.slice(0, 8000) } : {}) };
  }
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return { message: text.slice(0, 2000) };
}

export function forwardRendererErrors(target: ErrorTarget, desk: Pick<DeskApi, 'reportError'>): void {
  const send = (report: Parameters<DeskApi['reportError']>[0]) => {
    desk.reportError(report).catch(() => undefined);
  };
  target.addEventListener('error', (event) => {
    const described = describe(event.error ?? event.message);
    const source = event.filename ? `${event.filename}:${event.lineno}:${event.colno}`.slice(0, 500) : undefined;
    send({ kind: 'error', ...described, ...(source ? { source } : {}) });
  });
  target.addEventListener('unhandledrejection', (event) => {
    send({ kind: 'unhandled-rejection', ...describe(event.reason) });
  });
}
