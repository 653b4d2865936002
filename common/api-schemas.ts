/**
 * Wire formats of BizKitHub's complaint API (see shared/bizkithub-api.md).
 * Responses are parsed tolerantly where that is safe: fields the reference's example does
 * not promise are optional, a status the app does not know is kept as sent; but every
 * text field has a length limit (DETAIL_LIMITS) and fields the app does not use are
 * dropped, so nothing unbounded reaches storage.
 */
import { z } from 'zod';
import { API_KEY_PATTERN, apiKeyProblem, describeApiKeyProblem } from './api-key-rule';
import { ComplaintIdSchema } from './complaint-id';
import { ComplaintStatusSchema, ServerStatusSchema } from './status';

// The key rule with its reasons lives in api-key-rule.ts.
export { API_KEY_PATTERN } from './api-key-rule';

export const ApiKeySchema = z
  .string()
  .trim()
  .regex(API_KEY_PATTERN, {
    error: (issue) => {
      const problem = typeof issue.input === 'string' ? apiKeyProblem(issue.input) : null;
      return problem
        ? describeApiKeyProblem(problem)
        : 'An API key is 32 characters: PROD, DEV_ or ROOT followed by 28 letters or digits.';
    },
  });

export type ApiKeyKind = 'production' | 'developer' | 'system';

export function apiKeyKind(key: string): ApiKeyKind {
  if (key.startsWith('PROD')) return 'production';
  if (key.startsWith('ROOT')) return 'system';
  return 'developer';
}

/** First 4 and last 4 characters; the rest hidden. Only ever applied to a valid key. */
export function maskApiKey(key: string): string {
  return `${key.slice(0, 4)}••••••••${key.slice(-4)}`;
}

// The one complaint ID rule lives in complaint-id.ts; re-exported here for the wire formats' users.
export { COMPLAINT_ID_PATTERN, ComplaintIdSchema } from './complaint-id';

export const SetStatusRequestSchema = z.object({
  complaintId: ComplaintIdSchema,
  status: ComplaintStatusSchema,
});
export type SetStatusRequest = z.infer<typeof SetStatusRequestSchema>;

export const SetStatusResponseSchema = z.looseObject({ success: z.literal(true) });

/**
 * Largest answer BizKitHub may send: larger ones are not read, and refused. A complaint
 * at every DETAIL_LIMITS limit with a long timeline fits.
 */
export const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** Longest description the app sends (characters; the reference names no limit). A 10 KB paste fits. */
export const DESCRIPTION_MAX = 20_000;

/**
 * Limits on what a `detail` answer may carry before anything of it is stored: the same
 * limits the app holds its own `create` requests to where there are some (names, order
 * number, bank account, descriptions, item labels, the number of items), generous ones
 * elsewhere. A field over its limit refuses the whole answer (nothing is cut silently).
 * Fields the app does not know are dropped: they are never shown, so they are not kept.
 */
export const DETAIL_LIMITS = {
  /** customerName, email, item and variant labels, an event's subject. */
  name: 200,
  /** orderNumber, bank account, variable symbol, phone, codes, dates. */
  short: 64,
  /** description, an event's message, the satisfaction message. */
  text: DESCRIPTION_MAX,
  items: 100,
  events: 1_000,
} as const;

const shortText = () => z.string().max(DETAIL_LIMITS.short);
const nameText = () => z.string().max(DETAIL_LIMITS.name);
const longText = () => z.string().max(DETAIL_LIMITS.text);

const ComplaintEventSchema = z.object({
  id: z.number(),
  status: shortText(),
  shareWithCustomer: z.boolean().optional(),
  subject: nameText().optional(),
  message: longText().optional(),
  date: shortText().optional(),
});
export type ComplaintEvent = z.infer<typeof ComplaintEventSchema>;

const ComplaintItemSchema = z.object({
  id: z.number(),
  label: nameText(),
  quantity: z.number(),
  price: z.number(),
});
export type ComplaintItem = z.infer<typeof ComplaintItemSchema>;

/** `detail` of an existing complaint. A status the app does not know is kept as sent (./status.ts). */
export const ComplaintDetailSchema = z.object({
  exist: z.literal(true),
  id: shortText(),
  status: ServerStatusSchema,
  isResolved: z.boolean().optional(),
  orderNumber: shortText().optional(),
  variant: z
    .object({ id: z.number().optional(), code: shortText(), label: nameText().optional() })
    .optional(),
  description: longText().optional(),
  customerName: nameText().optional(),
  email: nameText().optional(),
  phone: shortText().optional(),
  refund: z
    .object({
      country: shortText().optional(),
      bankAccount: shortText().optional(),
      variableSymbol: shortText().optional(),
    })
    .optional(),
  satisfaction: z
    .object({ score: z.number().optional(), message: longText().optional() })
    .nullable()
    .optional(),
  items: z.array(ComplaintItemSchema).max(DETAIL_LIMITS.items).optional(),
  events: z.array(ComplaintEventSchema).max(DETAIL_LIMITS.events).optional(),
  resolvedDate: shortText().nullable().optional(),
  currency: shortText().optional(),
});
export type ComplaintDetail = z.infer<typeof ComplaintDetailSchema>;

/** The whole `detail` body: either a complaint or `exist: false`. */
export const ComplaintDetailResponseSchema = z.union([
  ComplaintDetailSchema,
  z.looseObject({ exist: z.literal(false) }),
]);

/** An organisation-defined complaint type (`variantCode`, e.g. reklamace, vraceni, vymena). */
export const VARIANT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const CreateComplaintItemSchema = z
  .object({
    label: z.string().trim().min(1).max(200),
    quantity: z.number().int().min(1).max(100_000),
    price: z.number().min(0).max(100_000_000),
  })
  .loose();
export type CreateComplaintItem = z.infer<typeof CreateComplaintItemSchema>;

export const CreateComplaintRequestSchema = z.object({
  variantCode: z.string().regex(VARIANT_CODE_PATTERN),
  description: z.string().min(1).max(DESCRIPTION_MAX),
  customerName: z.string().trim().min(1).max(200),
  orderHash: z.string().length(32).optional(),
  orderNumber: z.string().trim().max(64).optional(),
  email: z.email().max(200).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()/-]{3,32}$/)
    .optional(),
  price: z.number().optional(),
  currencyId: z.number().int().optional(),
  refundCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  refundBankAccount: z.string().max(64).optional(),
  /** Czech variable symbol: up to 10 digits. */
  refundVariableSymbol: z
    .string()
    .regex(/^[0-9]{1,10}$/)
    .optional(),
  branchId: z.number().int().optional(),
  serviceId: z.number().int().optional(),
  resolutionMethodCode: z.string().max(64).optional(),
  dueDate: z.iso.datetime({ offset: true }).optional(),
  items: z.array(CreateComplaintItemSchema).max(100).optional(),
});
export type CreateComplaintRequest = z.infer<typeof CreateComplaintRequestSchema>;

/** The reference does not promise a shape for `create`'s answer: accept any object, look for an id. */
export const CreateComplaintResponseSchema = z.looseObject({
  id: z.string().optional(),
  success: z.boolean().optional(),
});

/** Documented error body; other bodies are parsed defensively (every field optional). */
export const ApiErrorBodySchema = z.looseObject({
  error: z
    .looseObject({
      code: z.string().optional(),
      message: z.string().optional(),
      retry_after: z.number().optional(),
    })
    .optional(),
});

/** Error codes named by the reference that the client switches on. */
export const API_ERROR_CODES = {
  keyMissing: 'PUBLIC_API_KEY_DOES_NOT_EXIST',
  rateLimited: 'RATE_LIMIT_EXCEEDED',
} as const;
