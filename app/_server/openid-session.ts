import "server-only";
import { cookies } from "next/headers";
import { cookieKey, OPENID_COOKIE } from "@/lib/oauth/session-keys";
import { verifySignedValue } from "@/lib/oauth/signed-value";

/** The shopper's openid from the httpOnly signed cookie set after snsapi_base, or null. */
export async function readOpenid(): Promise<string | null> {
  const jar = await cookies();
  return verifySignedValue(jar.get(OPENID_COOKIE)?.value, cookieKey(), "openid");
}
