import "server-only";
import { cookies, headers } from "next/headers";
import { messages, type Locale, type Messages } from "./messages";
import { pickLocale } from "./pick-locale";

export async function getLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return pickLocale(c.get("lang")?.value, h.get("accept-language"));
}

export async function getMessages(): Promise<{ locale: Locale; t: Messages }> {
  const locale = await getLocale();
  return { locale, t: messages[locale] };
}
