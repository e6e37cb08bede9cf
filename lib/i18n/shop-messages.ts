import type { Locale } from "./locale";
import { shopEn } from "./shop-en";
import { shopZh, type ShopMessages } from "./shop-zh";

export type { ShopMessages } from "./shop-zh";

/** The shopper pages' strings (the error page, a client component, bundles only lib/i18n/service-error-messages). */
export const shopMessages: Record<Locale, ShopMessages> = { "zh-CN": shopZh, en: shopEn };
