/** Admin console strings (the shopper's live in lib/i18n/messages). zh-CN is the default. */
import { en } from "./messages-en";
import { zh } from "./messages-zh";

export type { AdminMessages } from "./messages-zh";

export const adminMessages = { "zh-CN": zh, en } as const;
