import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { observeRequest } from "@/lib/observability/observe-request";

export const runtime = "nodejs";

const nextAuth = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;
// Observed like every other route (request id on the sign-in audit rows, duration metric), but
// without handle()'s error mapping: next-auth answers its own errors.
const handler = (request: Request, context: unknown) =>
  observeRequest(request, context, () => nextAuth(request, context));
export { handler as GET, handler as POST };
