import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. No I/O, so a slow database never gets the process restarted. */
export const GET = handle(async (_request: Request) =>
  Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
);
