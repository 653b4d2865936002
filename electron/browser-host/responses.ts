/** The browser host's answers: every one carries the app's security headers. */
import type http from 'node:http';
import type { DeskError } from '../../common/errors';
import type { Result } from '../../common/result';
import { CONTENT_SECURITY_POLICY } from '../shared/content-policy';

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string>,
  headOnly = false,
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(headOnly ? undefined : body);
}

export function sendText(res: http.ServerResponse, status: number, text: string): void {
  send(res, status, text, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown, headOnly = false): void {
  send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, headOnly);
}

export function sendResult(res: http.ServerResponse, status: number, result: Result<unknown, DeskError>): void {
  sendJson(res, status, result);
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
