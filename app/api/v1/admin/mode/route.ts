import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { ADMIN_MODE_COOKIE } from "@/lib/admin/admin-mode";
import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getConfig } from "@/lib/config";
import { BadRequestError } from "@/lib/errors/app-error";
import { handle } from "@/lib/http/handle";
import { localeReturnPath } from "@/lib/i18n/locale-return";
import { modeForNew } from "@/lib/payments/mode-contexts";

export const runtime = "nodejs";

const modeField = z.enum(["live", "test"], { message: 'mode must be "live" or "test"' });

/**
 * The console's live/test switch: a plain form post (`mode=live|test`) that sets the admin_mode
 * cookie and goes back to the page it came from. A mode this deployment does not run is a 400
 * (demo mode is test only). The cookie only picks a view: each read still checks the session.
 */
export const POST = handle(async (request: NextRequest) => {
  await requireAdmin();
  assertSameOrigin(request);
  const form = await request.formData().catch(() => {
    throw new BadRequestError("Expected a form post");
  });
  const livemode = modeForNew(modeField.parse(form.get("mode")));
  const config = getConfig();
  const back = localeReturnPath(request.headers.get("referer"), [
    request.headers.get("host"),
    new URL(config.appUrl).host,
  ]);
  // Only /admin pages read the cookie; from anywhere else the switch lands on the dashboard.
  const toAdmin = back === "/admin" || back.startsWith("/admin/") || back.startsWith("/admin?");
  const res = new NextResponse(null, { status: 303, headers: { Location: toAdmin ? back : "/admin" } });
  res.cookies.set(ADMIN_MODE_COOKIE, livemode ? "live" : "test", {
    path: "/",
    maxAge: 30 * 24 * 3600,
    sameSite: "lax",
    httpOnly: true,
    secure: config.http.https,
  });
  return res;
});
