"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatFen } from "@/lib/money/format-fen";
import { clearCart, placeOrder, setQuantity, useCart } from "./cart-store";

interface CartProduct {
  id: string;
  name: string;
  priceFen: number;
}

type Labels = {
  cartEmpty: string;
  cartTotal: string;
  checkout: string;
  remove: string;
  continueShopping: string;
  placingOrder: string;
  orderFailed: string;
  rateLimited: string;
};

/**
 * The cart with catalog prices from the server. The total shown here is only a preview: the
 * order is priced again on the server from ids and quantities.
 */
export function CartView({ products, labels }: { products: CartProduct[]; labels: Labels }) {
  const router = useRouter();
  const cart = useCart();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const byId = new Map(products.map((p) => [p.id, p]));
  const lines = Object.entries(cart).flatMap(([id, quantity]) =>
    byId.has(id) ? [{ product: byId.get(id)!, quantity }] : [],
  );
  const total = lines.reduce((s, l) => s + l.product.priceFen * l.quantity, 0);

  async function checkout() {
    setBusy(true);
    setError(null);
    const r = await placeOrder(lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })));
    if ("orderNo" in r) {
      clearCart();
      return router.push(`/orders/${r.orderNo}`);
    }
    setBusy(false);
    setError(r.error === "RATE_LIMITED" ? labels.rateLimited : labels.orderFailed);
  }

  if (lines.length === 0) {
    return (
      <div className="pay-card">
        <p>{labels.cartEmpty}</p>
        <Link className="btn" href="/">
          {labels.continueShopping}
        </Link>
      </div>
    );
  }
  return (
    <>
      <ul className="cart-list">
        {lines.map(({ product, quantity }) => (
          <li key={product.id} className="cart-line" data-testid="cart-line">
            <span className="name">{product.name}</span>
            <span className="price">{formatFen(product.priceFen * quantity)}</span>
            <span className="qty">
              <button type="button" aria-label="-" onClick={() => setQuantity(product.id, quantity - 1)}>
                −
              </button>
              <output>{quantity}</output>
              <button
                type="button"
                aria-label="+"
                onClick={() => setQuantity(product.id, quantity + 1)}
                disabled={quantity >= 99}
              >
                +
              </button>
            </span>
            <button className="linkish" type="button" onClick={() => setQuantity(product.id, 0)}>
              {labels.remove}
            </button>
          </li>
        ))}
      </ul>
      <div className="cart-bar">
        <span className="total">
          {labels.cartTotal}{" "}
          <strong className="price" data-testid="cart-total">
            {formatFen(total)}
          </strong>
        </span>
        <button className="btn" type="button" onClick={checkout} disabled={busy}>
          {busy ? labels.placingOrder : labels.checkout}
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
