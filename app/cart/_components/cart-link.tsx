"use client";
import Link from "next/link";
import { useCart } from "./cart-store";

export function CartLink({ label }: { label: string }) {
  const cart = useCart();
  const count = Object.values(cart).reduce((n, q) => n + q, 0);
  return (
    <Link className="cart-link" href="/cart" data-testid="cart-link">
      {label} <span data-testid="cart-count">{count}</span>
    </Link>
  );
}
