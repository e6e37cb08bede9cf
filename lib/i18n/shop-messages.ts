import type { Locale } from "./locale";
import { shopEn } from "./shop-en";
import { shopZh, type ShopMessages } from "./shop-zh";

export type { ShopMessages } from "./shop-zh";

/** The shopper pages' strings. Its own module so a client component (the error page) bundles only these. */
export const shopMessages: Record<Locale, ShopMessages> = { "zh-CN": shopZh, en: shopEn };
