import { readinessResponse } from "@/lib/health/readiness-route";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Readiness: configuration, database (1 s), migrations current, worker heartbeat; 503 names what fails. */
export const GET = handle(async (_request: Request) => readinessResponse());
