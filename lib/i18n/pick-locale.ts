import type { Locale } from "./locale";

/** The `lang` cookie wins; otherwise the first Accept-Language entry we speak; otherwise zh-CN. */
export function pickLocale(cookieLang: string | undefined, acceptLanguage: string | null): Locale {
  if (cookieLang === "en" || cookieLang === "zh-CN") return cookieLang;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return "zh-CN";
}
