/**
 * Filing a complaint in the app (the `create` endpoint), as pure rules: the form's text
 * → the request BizKitHub takes (validated by the API schema in ./api-schemas.ts), each
 * refusal as a code per field the UI words in its language; the local reference a
 * complaint carries until BizKitHub gives it an ID; and the match that says whether an
 * existing complaint is the one a lost answer may have created. Runs anywhere.
 */
import type { z } from 'zod';
import {
  CreateComplaintRequestSchema,
  type ComplaintDetail,
  type CreateComplaintRequest,
} from './api-schemas';

/** The form as typed: every field text, so nothing the agent typed is lost on a refusal. */
export interface NewComplaintForm {
  variantCode: string;
  description: string;
  customerName: string;
  email: string;
  phone: string;
  orderNumber: string;
  items: NewComplaintItemForm[];
  refundCountry: string;
  refundBankAccount: string;
  refundVariableSymbol: string;
}

export interface NewComplaintItemForm {
  label: string;
  quantity: string;
  price: string;
}

export function emptyNewComplaintForm(variantCode = ''): NewComplaintForm {
  return {
    variantCode,
    description: '',
    customerName: '',
    email: '',
    phone: '',
    orderNumber: '',
    items: [],
    refundCountry: '',
    refundBankAccount: '',
    refundVariableSymbol: '',
  };
}

/** A filed request back in the form (to correct one BizKitHub refused, without retyping it). */
export function formOf(request: CreateComplaintRequest): NewComplaintForm {
  return {
    variantCode: request.variantCode,
    description: request.description,
    customerName: request.customerName,
    email: request.email ?? '',
    phone: request.phone ?? '',
    orderNumber: request.orderNumber ?? '',
    items: (request.items ?? []).map((item) => ({ label: item.label, quantity: String(item.quantity), price: String(item.price) })),
    refundCountry: request.refundCountry ?? '',
    refundBankAccount: request.refundBankAccount ?? '',
    refundVariableSymbol: request.refundVariableSymbol ?? '',
  };
}

export function emptyItem(): NewComplaintItemForm {
  return { label: '', quantity: '1', price: '' };
}

/** Why a field was refused; the UI words it (and the numbers in it) in its language. */
export type FieldProblem =
  | { code: 'required' }
  | { code: 'too-long'; max: number; length: number }
  | { code: 'type-code' }
  | { code: 'email' }
  | { code: 'phone' }
  | { code: 'country' }
  | { code: 'variable-symbol' }
  | { code: 'number' }
  | { code: 'whole-number' }
  | { code: 'min'; min: number }
  | { code: 'max'; max: number }
  | { code: 'too-many'; max: number }
  | { code: 'invalid' };

/** Field path → problem: `customerName`, `items.2.quantity`, … (the first problem of each field). */
export type FieldProblems = Record<string, FieldProblem>;

export type FormCheck = { ok: true; request: CreateComplaintRequest } | { ok: false; problems: FieldProblems };

/** "1 234,50" → 1234.5; empty → NaN (refused as "a number", never read as 0). */
function parseNumber(text: string): number {
  const compact = text.replace(/[\s\u00a0]/gu, '').replace(',', '.');
  return compact === '' || !/^[+-]?(\d+\.?\d*|\.\d+)$/u.test(compact) ? Number.NaN : Number(compact);
}

function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

const isBlankItem = (item: NewComplaintItemForm): boolean =>
  item.label.trim() === '' && item.price.trim() === '' && (item.quantity.trim() === '' || item.quantity.trim() === '1');

/** The request the form stands for, before validation (empty optional fields left out). */
function requestOf(form: NewComplaintForm): Record<string, unknown> {
  const items = form.items.filter((item) => !isBlankItem(item));
  return {
    variantCode: form.variantCode.trim(),
    // Sent as typed (a pasted text keeps its lines and spacing); blank counts as empty.
    description: form.description.trim() === '' ? '' : form.description,
    customerName: form.customerName,
    email: optional(form.email),
    phone: optional(form.phone),
    orderNumber: optional(form.orderNumber),
    refundCountry: optional(form.refundCountry)?.toUpperCase(),
    refundBankAccount: optional(form.refundBankAccount),
    refundVariableSymbol: optional(form.refundVariableSymbol),
    items:
      items.length === 0
        ? undefined
        : items.map((item) => ({ label: item.label, quantity: parseNumber(item.quantity), price: parseNumber(item.price) })),
  };
}

const FORMAT_PROBLEMS: Record<string, FieldProblem> = {
  variantCode: { code: 'type-code' },
  email: { code: 'email' },
  phone: { code: 'phone' },
  refundCountry: { code: 'country' },
  refundVariableSymbol: { code: 'variable-symbol' },
};

function problemOf(issue: z.core.$ZodIssue, field: string, value: unknown): FieldProblem {
  const leaf = String(issue.path.at(-1) ?? '');
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return { code: 'required' };
      if (issue.origin === 'array') return { code: 'required' };
      return { code: 'min', min: Number(issue.minimum) };
    case 'too_big':
      if (issue.origin === 'string') {
        return { code: 'too-long', max: Number(issue.maximum), length: typeof value === 'string' ? value.length : 0 };
      }
      if (issue.origin === 'array') return { code: 'too-many', max: Number(issue.maximum) };
      return { code: 'max', max: Number(issue.maximum) };
    case 'invalid_type':
      if (issue.expected === 'int') return { code: 'whole-number' };
      if (issue.expected === 'number') return { code: 'number' };
      return value === undefined ? { code: 'required' } : { code: 'invalid' };
    case 'invalid_format':
      if (value === '') return { code: 'required' };
      return FORMAT_PROBLEMS[field] ?? FORMAT_PROBLEMS[leaf] ?? { code: 'invalid' };
    default:
      return { code: 'invalid' };
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The form → the request, validated by the API's own schema. On refusal, one problem per
 * field (keyed by its path in the form: item paths count blank item rows too, so the
 * UI marks the row the agent sees).
 */
export function checkNewComplaint(form: NewComplaintForm): FormCheck {
  const raw = requestOf(form);
  const parsed = CreateComplaintRequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, request: parsed.data };
  // Item indexes in the request skip blank rows; map them back to the form's rows.
  const formIndexOf = form.items.map((item, index) => ({ item, index })).filter(({ item }) => !isBlankItem(item));
  const problems: FieldProblems = {};
  for (const issue of parsed.error.issues) {
    const path = [...issue.path];
    if (path[0] === 'items' && typeof path[1] === 'number') path[1] = formIndexOf[path[1]]?.index ?? path[1];
    const field = path.map(String).join('.');
    if (field in problems) continue;
    problems[field] = problemOf(issue, String(issue.path[0] ?? ''), valueAt(raw, issue.path));
  }
  return { ok: false, problems };
}

// ---------------------------------------------------------------------------------
// The local reference

const LOCAL_REF_PREFIX = 'local-';
const LOCAL_REF_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const LOCAL_REF_PATTERN = /^local-[a-z2-9]{10}$/;

/**
 * A reference for a complaint not yet on BizKitHub: `local-` and 10 random characters.
 * It is the complaint's key in this app until BizKitHub answers with an ID; it is never
 * sent to BizKitHub.
 */
export function newLocalRef(random: (bytes: Uint8Array) => Uint8Array = secureRandom): string {
  const bytes = random(new Uint8Array(10));
  let ref = LOCAL_REF_PREFIX;
  for (const byte of bytes) ref += LOCAL_REF_ALPHABET[byte % LOCAL_REF_ALPHABET.length];
  return ref;
}

/** Web Crypto: in browsers and in Node 20+ (common/ is typed without DOM or Node). */
function secureRandom(bytes: Uint8Array): Uint8Array {
  const webCrypto = (globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto;
  return webCrypto.getRandomValues(bytes);
}

export function isLocalRef(id: string): boolean {
  return LOCAL_REF_PATTERN.test(id);
}

/** The error code main gives a resumed create it has no record of (the app was restarted meanwhile). */
export const CREATE_NOT_REMEMBERED = 'DESK_CREATE_NOT_REMEMBERED';

// ---------------------------------------------------------------------------------
// "It exists, its ID is …"

function sameText(a: string | undefined, b: string | undefined): boolean {
  const fold = (text: string | undefined): string =>
    (text ?? '').normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('cs');
  return fold(a) === fold(b);
}

export type LinkMismatch = { field: 'customerName' | 'orderNumber'; server: string };

/**
 * Whether BizKitHub's complaint is the one this create may have made: the customer name
 * and the order number must match (case, spacing and Unicode form aside; an order number
 * left empty matches only an empty one). Null when they match.
 */
export function linkMismatch(request: CreateComplaintRequest, detail: ComplaintDetail): LinkMismatch[] | null {
  const mismatches: LinkMismatch[] = [];
  if (!sameText(request.customerName, detail.customerName)) {
    mismatches.push({ field: 'customerName', server: detail.customerName ?? '' });
  }
  if (!sameText(request.orderNumber, detail.orderNumber)) {
    mismatches.push({ field: 'orderNumber', server: detail.orderNumber ?? '' });
  }
  return mismatches.length === 0 ? null : mismatches;
}
