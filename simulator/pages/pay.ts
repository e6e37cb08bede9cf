import { escapeHtml, formatYuan, layout } from "./layout";

interface PayPageInput {
  title: string;
  merchantName: string;
  description: string;
  amountFen: number;
  /** Form target for both buttons; the button's `decision` value says which. */
  action: string;
  hidden: Record<string, string>;
  note?: string;
}

/** The phone-sized confirmation page: merchant, description, amount, 支付 Pay / 取消 Cancel. */
export function payPage(p: PayPageInput): string {
  const hidden = Object.entries(p.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return layout(
    p.title,
    `<h1>${escapeHtml(p.title)}</h1>
<div class="card">
<p class="merchant" data-testid="merchant">${escapeHtml(p.merchantName)}</p>
<p class="amount" data-testid="amount">${escapeHtml(formatYuan(p.amountFen))}</p>
<p class="desc" data-testid="description">${escapeHtml(p.description)}</p>
${p.note ? `<p class="muted">${escapeHtml(p.note)}</p>` : ""}
</div>
<form method="post" action="${escapeHtml(p.action)}">${hidden}
<button type="submit" class="pay" name="decision" value="pay" aria-label="支付 Pay">支付<small>Pay</small></button>
<button type="submit" class="cancel" name="decision" value="cancel" aria-label="取消 Cancel">取消<small>Cancel</small></button>
</form>`,
  );
}
