import { z } from "zod";
import { requireAdmin } from "@/app/_server/require-admin";
import { listAudit } from "@/lib/admin/list-audit";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";

const query = z.object({
  page: z.coerce.number().int().min(1).catch(1).default(1),
  orderNo: z.string().max(64).optional(),
});

export const GET = handle(async (request: Request) => {
  await requireAdmin();
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listAudit(await getDb(), q));
});
