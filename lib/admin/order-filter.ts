import { z } from "zod";
import { OrderStatus } from "@/lib/generated/prisma/enums";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "not a date")
  .optional()
  .catch(undefined);

/** The orders list's query string: one search box, a status, a date range (China time), a page. */
export const orderFilterSchema = z.object({
  q: z
    .string()
    .trim()
    .max(64)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  status: z.enum(OrderStatus).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type OrderFilter = z.infer<typeof orderFilterSchema>;

export const PAGE_SIZE = 20;

/** Dates in the admin are China Standard Time (UTC+8, no DST): a day starts at 16:00 UTC before. */
export function cstDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`));
}

export function cstDayEnd(day: string): Date {
  return new Date(cstDayStart(day).getTime() + 24 * 3600_000);
}

/** "YYYY-MM-DD" of an instant in China Standard Time. */
export function cstDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Parses URLSearchParams or Next's searchParams object; junk values are dropped, not errors. */
export function parseOrderFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): OrderFilter {
  const get = (k: string) => {
    if (params instanceof URLSearchParams) return params.get(k) ?? undefined;
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  };
  return orderFilterSchema.parse({
    q: get("q"),
    status: get("status"),
    from: get("from"),
    to: get("to"),
    page: get("page"),
  });
}

/** The same filter as a query string (for pagination links and the CSV export). */
export function filterQuery(f: OrderFilter, over: Partial<OrderFilter> = {}): string {
  const merged = { ...f, ...over };
  const p = new URLSearchParams();
  if (merged.q) p.set("q", merged.q);
  if (merged.status) p.set("status", merged.status);
  if (merged.from) p.set("from", merged.from);
  if (merged.to) p.set("to", merged.to);
  if (merged.page && merged.page > 1) p.set("page", String(merged.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}
