import type { z } from "zod";
import { UpstreamUnavailableError } from "@/lib/errors/app-error";

/**
 * One GET to WeChat's `sns` API (the OAuth code exchange, the mini-program login): 10 s at most,
 * no redirects followed, the JSON answer checked against `answer`. Transport failures, a non-2xx
 * status and an answer of another shape are all "WeChat is unavailable" (`what` names the call);
 * what an `errcode` means is the caller's to decide.
 */
export async function snsGet<T>(
  url: string,
  answer: z.ZodType<T>,
  what: string,
  fetchFn: typeof fetch = fetch,
): Promise<T> {
  let body: unknown;
  try {
    const res = await fetchFn(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw new UpstreamUnavailableError(`${what} is temporarily unavailable`, { cause: err });
  }
  const parsed = answer.safeParse(body);
  if (!parsed.success) throw new UpstreamUnavailableError(`${what} answered unexpectedly`);
  return parsed.data;
}
