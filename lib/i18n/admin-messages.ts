import type { Locale } from "./locale";
import { adminEn } from "./admin-en";
import { adminZh, type AdminMessages } from "./admin-zh";

export type { AdminMessages } from "./admin-zh";

/** The admin console's strings. */
export const adminMessages: Record<Locale, AdminMessages> = { "zh-CN": adminZh, en: adminEn };
