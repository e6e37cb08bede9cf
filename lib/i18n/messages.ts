import type { Locale } from "./locale";
import { adminMessages } from "./admin-messages";
import { shopMessages } from "./shop-messages";

/**
 * Every page's strings, by namespace and then locale: one catalog, one lookup
 * (`getMessages(namespace)` in app/_server/locale.ts). Namespaces keep a page from shipping the
 * other area's strings to the browser; each namespace's English object is typed by its Chinese one.
 */
export const messages = { shop: shopMessages, admin: adminMessages } as const;

export type Namespace = keyof typeof messages;
export type MessagesOf<N extends Namespace> = (typeof messages)[N][Locale];
