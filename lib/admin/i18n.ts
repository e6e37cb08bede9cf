import "server-only";
import { getLocale } from "@/lib/i18n/server";
import { adminMessages, type AdminMessages } from "./messages";

export async function getAdminMessages(): Promise<{ locale: "zh-CN" | "en"; t: AdminMessages }> {
  const locale = await getLocale();
  return { locale, t: adminMessages[locale] };
}
