import { limitMiniProgramLogins } from "@/lib/checkout/shopper-rate-limits";
import { clientIp } from "@/lib/http/client-ip";
import { handle } from "@/lib/http/handle";
import { readJson } from "@/lib/http/read-json";
import { startMiniProgramSession } from "@/lib/oauth/miniprogram-session";
import { miniProgramSessionInput } from "@/lib/oauth/miniprogram-token";

export const runtime = "nodejs";

// Called by the merchant's mini-program (wx.request), not by our pages: no same-origin check;
// the answer is a bearer token for the openid, never WeChat's session_key.
export const POST = handle(async (req: Request) => {
  await limitMiniProgramLogins(clientIp(req.headers));
  const { code } = miniProgramSessionInput.parse(await readJson(req));
  const { token, expiresAt } = await startMiniProgramSession(code);
  return Response.json({ token, expiresAt: expiresAt.toISOString() }, { headers: { "Cache-Control": "no-store" } });
});
