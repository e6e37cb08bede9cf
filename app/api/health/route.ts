import { readinessResponse } from "@/lib/health/readiness-route";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The original health URL (scripts and the e2e webServer wait on it): the same answer as /api/health/ready. */
export const GET = handle(async (_request: Request) => readinessResponse());
