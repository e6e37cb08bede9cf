"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addToCart, placeOrder } from "./cart-store";

/** Catalog card buttons: add to the cart, or buy this one item now. */
export function ProductActions({
  productId,
  labels,
}: {
  productId: string;
  labels: { addToCart: string; added: string; buyNow: string; orderFailed: string; rateLimited: string };
}) {
  const router = useRouter();
  const [added, setAdded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function buyNow() {
    setBusy(true);
    setError(null);
    const r = await placeOrder([{ productId, quantity: 1 }]);
    if ("orderNo" in r) return router.push(`/orders/${r.orderNo}`);
    setBusy(false);
    setError(r.error === "RATE_LIMITED" ? labels.rateLimited : labels.orderFailed);
  }
  return (
    <div className="card-actions">
      <button
        className="btn secondary"
        type="button"
        onClick={() => {
          addToCart(productId);
          setAdded(true);
        }}
      >
        {added ? labels.added : labels.addToCart}
      </button>
      <button className="btn" type="button" onClick={buyNow} disabled={busy}>
        {labels.buyNow}
      </button>
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
