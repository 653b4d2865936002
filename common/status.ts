import { z } from 'zod';

/** The six complaint statuses the API knows, in the order an agent usually walks them. */
export const COMPLAINT_STATUSES = ['new', 'open', 'wait', 'resolve', 'reject', 'closed'] as const;

export const ComplaintStatusSchema = z.enum(COMPLAINT_STATUSES);
export type ComplaintStatus = z.infer<typeof ComplaintStatusSchema>;

export function isComplaintStatus(value: unknown): value is ComplaintStatus {
  return ComplaintStatusSchema.safeParse(value).success;
}
