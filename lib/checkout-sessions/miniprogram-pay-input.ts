import { z } from "zod";
import { orderNoInput } from "@/lib/checkout/order-input";
import { sessionIdSchema } from "./session-schemas";

/** Exactly one of an order number (the storefront's orders) or a hosted checkout's session id. */
export const miniProgramPayInput = z.union([
  orderNoInput.strict(),
  z.object({ checkoutSessionId: sessionIdSchema }).strict(),
]);
export type MiniProgramPayInput = z.infer<typeof miniProgramPayInput>;
