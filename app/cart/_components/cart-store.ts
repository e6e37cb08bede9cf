"use client";
import { useSyncExternalStore } from "react";

/** The cart lives in the browser as product ids and quantities only; the server prices it. */
export type Cart = Record<string, number>;

const KEY = "checkout-cart";
const EVENT = "checkout-cart-change";
const EMPTY: Cart = {};
let cached: { raw: string | null; cart: Cart } = { raw: null, cart: EMPTY };

function read(): Cart {
  const raw = window.localStorage.getItem(KEY);
  if (raw === cached.raw) return cached.cart;
  let cart: Cart = EMPTY;
  try {
    const parsed = raw ? JSON.parse(raw) : {};
    cart = Object.fromEntries(
      Object.entries(parsed).filter(([, q]) => Number.isInteger(q) && (q as number) > 0 && (q as number) <= 99),
    ) as Cart;
  } catch {
    cart = EMPTY;
  }
  cached = { raw, cart };
  return cart;
}

function write(cart: Cart) {
  window.localStorage.setItem(KEY, JSON.stringify(cart));
  window.dispatchEvent(new Event(EVENT));
}

export function setQuantity(productId: string, quantity: number) {
  const next = { ...read() };
  if (quantity <= 0) delete next[productId];
  else next[productId] = Math.min(99, quantity);
  write(next);
}

export const addToCart = (productId: string) => setQuantity(productId, (read()[productId] ?? 0) + 1);
export const clearCart = () => write({});

function subscribe(cb: () => void) {
  window.addEventListener(EVENT, cb);
  window.addEventListener("storage", cb);
  return () => {
    window.removeEventListener(EVENT, cb);
    window.removeEventListener("storage", cb);
  };
}

export function useCart(): Cart {
  return useSyncExternalStore(subscribe, read, () => EMPTY);
}

/** POST /api/v1/orders; gives the order number, or an error code for the message. */
export async function placeOrder(
  items: { productId: string; quantity: number }[],
): Promise<{ orderNo: string } | { error: string }> {
  try {
    const res = await fetch("/api/v1/orders", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ items }),
    });
    const body = await res.json();
    return res.ok ? { orderNo: body.orderNo } : { error: body?.error?.code ?? "INTERNAL" };
  } catch {
    return { error: "NETWORK" };
  }
}
