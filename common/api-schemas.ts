/**
 * Wire formats of BizKitHub's complaint API (see shared/bizkithub-api.md).
 * Responses are parsed tolerantly: unknown extra fields pass through, fields the
 * reference's example does not promise are optional.
 */
import { z } from 'zod';
import { API_KEY_PATTERN, apiKeyProblem, describeApiKeyProblem } from './api-key-rule';
import { ComplaintIdSchema } from './complaint-id';
import { ComplaintStatusSchema } from './status';

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

const ComplaintEventSchema = z.looseObject({
  id: z.number(),
  status: z.string(),
  shareWithCustomer: z.boolean().optional(),
  subject: z.string().optional(),
  message: z.string().optional(),
  date: z.string().optional(),
});
export type ComplaintEvent = z.infer<typeof ComplaintEventSchema>;

const ComplaintItemSchema = z.looseObject({
  id: z.number(),
  label: z.string(),
  quantity: z.number(),
  price: z.number(),
});
export type ComplaintItem = z.infer<typeof ComplaintItemSchema>;

/** `detail` of an existing complaint. */
export const ComplaintDetailSchema = z.looseObject({
  exist: z.literal(true),
  id: z.string(),
  status: ComplaintStatusSchema,
  isResolved: z.boolean().optional(),
  orderNumber: z.string().optional(),
  variant: z
    .looseObject({ id: z.number().optional(), code: z.string(), label: z.string().optional() })
    .optional(),
  description: z.string().optional(),
  customerName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  refund: z
    .looseObject({
      country: z.string().optional(),
      bankAccount: z.string().optional(),
      variableSymbol: z.string().optional(),
    })
    .optional(),
  satisfaction: z
    .looseObject({ score: z.number().optional(), message: z.string().optional() })
    .nullable()
    .optional(),
  items: z.array(ComplaintItemSchema).optional(),
  events: z.array(ComplaintEventSchema).optional(),
  resolvedDate: z.string().nullable().optional(),
  currency: z.string().optional(),
});
export type ComplaintDetail = z.infer<typeof ComplaintDetailSchema>;

/** The whole `detail` body: either a complaint or `exist: false`. */
export const ComplaintDetailResponseSchema = z.union([
  ComplaintDetailSchema,
  z.looseObject({ exist: z.literal(false) }),
]);

/** Longest description the app sends (characters; the reference names no limit). A 10 KB paste fits. */
export const DESCRIPTION_MAX = 20_000;

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
