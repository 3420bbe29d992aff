/** Small schemas every resource reuses: pagination, ids, timestamps. */
import { z } from "@hono/zod-openapi";

/** `?cursor=&limit=` for keyset pagination (limit 1–100, default 50). */
export const PageQuery = z.object({
  cursor: z.string().max(500).optional().openapi({ description: "Opaque cursor from the previous page's next_cursor" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "wf_0123456789abcdefghjk" }),
});

export const Timestamp = z.string().datetime().openapi({ example: "2026-01-15T10:30:00.000Z" });

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address" }));

/** A page of items with the cursor of the next page (null on the last page). */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}
