import type { OrderView } from "@/lib/checkout/order-view";
import type { ShopMessages } from "@/lib/i18n/shop-messages";
import { formatFen } from "@/lib/money/format-fen";

/** Amount, description and order number: the head of every payment page. */
export function OrderHead({ order, t, label }: { order: OrderView; t: ShopMessages; label?: string }) {
  return (
    <div className="pay-head">
      <p className="muted small">{label ?? t.amountDue}</p>
      <p className="pay-amount" data-testid="amount">
        {formatFen(order.totalFen)}
      </p>
      <p className="pay-desc" data-testid="description">
        {order.description}
      </p>
      <p className="muted small">
        {t.orderNoLabel} <span data-testid="order-no">{order.orderNo}</span>
      </p>
    </div>
  );
}

export function OrderItems({ order, t, open }: { order: OrderView; t: ShopMessages; open?: boolean }) {
  return (
    <details className="pay-items" open={open}>
      <summary>
        {t.items} ({order.items.reduce((n, i) => n + i.quantity, 0)})
      </summary>
      <ul>
        {order.items.map((i, k) => (
          <li key={k}>
            <span>
              {i.name} × {i.quantity}
            </span>
            <span>{formatFen(i.lineTotalFen)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function ErrorCard({
  message,
  retryHref,
  retryLabel,
}: {
  message: string;
  retryHref?: string;
  retryLabel?: string;
}) {
  return (
    <div className="pay-error" role="alert" data-testid="pay-error">
      <p>{message}</p>
      {retryHref && (
        <a className="btn" href={retryHref}>
          {retryLabel}
        </a>
      )}
    </div>
  );
}
