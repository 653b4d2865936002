import { z } from 'zod';

/** The six complaint statuses the API knows, in the order an agent usually walks them. */
export const COMPLAINT_STATUSES = ['new', 'open', 'wait', 'resolve', 'reject', 'closed'] as const;

export const ComplaintStatusSchema = z.enum(COMPLAINT_STATUSES);
export type ComplaintStatus = z.infer<typeof ComplaintStatusSchema>;

export function isComplaintStatus(value: unknown): value is ComplaintStatus {
  return ComplaintStatusSchema.safeParse(value).success;
}

/**
 * A status value BizKitHub sent that is not one of the six (a code added to the API after
 * this release). It is kept and shown exactly as sent, never sent back by the app, and a
 * check that meets it treats the complaint as changed by someone else (the agent decides).
 * Branded so that it cannot be passed where one of the six is needed without a check.
 */
export type UnknownStatus = string & { readonly __unknownStatus: true };

/** A status as BizKitHub reports it: one of the six, or one the app does not know. */
export type ServerStatus = ComplaintStatus | UnknownStatus;

/** Longest status value kept as sent: a status is a short code, anything longer is refused. */
export const SERVER_STATUS_MAX = 64;

/** Visible characters only (no control or format characters, no line breaks), no surrounding spaces. */
const SERVER_STATUS_PATTERN = /^[^\p{C}\s](?:[^\p{C}\n\r\t]*[^\p{C}\s])?$/u;

/** A status in a `detail` answer: any short visible code, the unknown ones kept as sent. */
export const ServerStatusSchema = z
  .string()
  .min(1)
  .max(SERVER_STATUS_MAX, { error: `a status is at most ${SERVER_STATUS_MAX} characters` })
  .regex(SERVER_STATUS_PATTERN, { error: 'a status is visible characters only' })
  .transform((value): ServerStatus => value as ServerStatus);

export function isUnknownStatus(value: ServerStatus | null | undefined): value is UnknownStatus {
  return value !== null && value !== undefined && !isComplaintStatus(value);
}
