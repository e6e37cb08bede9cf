import "server-only";
import { cookies, headers } from "next/headers";
import type { Locale } from "@/lib/i18n/locale";
import { messages, type MessagesOf, type Namespace } from "@/lib/i18n/messages";
import { pickLocale } from "@/lib/i18n/pick-locale";

/** The request's language: the app-side adapter that reads Next's cookies and headers for lib/i18n. */
export async function getLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return pickLocale(c.get("lang")?.value, h.get("accept-language"));
}

/** One namespace's strings in the request's language: `getMessages("shop")`, `getMessages("admin")`. */
export async function getMessages<N extends Namespace>(namespace: N): Promise<{ locale: Locale; t: MessagesOf<N> }> {
  const locale = await getLocale();
  return { locale, t: messages[namespace][locale] };
}
