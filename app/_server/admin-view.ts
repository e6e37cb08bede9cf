import "server-only";
import { cookies } from "next/headers";
import { primaryLivemode, runningLivemodes } from "@/lib/payments/mode-contexts";
import { ADMIN_MODE_COOKIE, pickAdminView, readLivemode, type AdminView } from "@/lib/admin/admin-mode";

/** The console's live/test view for this request (the admin_mode cookie, else the primary mode). */
export async function getAdminView(): Promise<AdminView> {
  const c = await cookies();
  return pickAdminView(c.get(ADMIN_MODE_COOKIE)?.value, runningLivemodes(), primaryLivemode());
}

/** The mode an admin API read filters by: `?mode=` if given (400 if bad), else the view's. */
export async function adminReadLivemode(request: Request): Promise<boolean> {
  const param = new URL(request.url).searchParams.get("mode");
  return readLivemode(param, await getAdminView(), runningLivemodes(), primaryLivemode());
}
