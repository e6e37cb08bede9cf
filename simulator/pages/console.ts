import type { SimContext } from "../context";
import { rfc3339Beijing } from "../clock";
import { allOrders } from "../trades";
import { escapeHtml, formatYuan, layout } from "./layout";

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return `<p class="muted">None yet.</p>`;
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

// Reloads every 5 s while the box is ticked (no meta refresh: the user can stop it, WCAG 2.2.1);
// the choice is kept for the next loads. The simulator sends no CSP: an inline script runs.
const AUTO_REFRESH = `(function () {
  var box = document.getElementById("auto-refresh");
  box.checked = localStorage.getItem("sim-console-refresh") !== "off";
  box.addEventListener("change", function () { localStorage.setItem("sim-console-refresh", box.checked ? "on" : "off"); });
  setInterval(function () { if (box.checked) location.reload(); }, 5000);
})();`;

/** The console: orders, refunds and notification deliveries. Every value escaped. */
export function consolePage(ctx: SimContext): string {
  const e = escapeHtml;
  const orders = allOrders(ctx)
    .reverse()
    .map((o) => [
      o.trade_state === "NOTPAY"
        ? `<a href="/scan?out_trade_no=${encodeURIComponent(o.out_trade_no)}">${e(o.out_trade_no)}</a>`
        : e(o.out_trade_no),
      e(o.trade_type),
      e(o.trade_state),
      e(formatYuan(o.total)),
      e(o.description),
      `<code>${e(o.transaction_id ?? "")}</code>`,
      e(rfc3339Beijing(o.created_at)),
    ]);
  const refunds = [...ctx.store.refunds.values()]
    .reverse()
    .map((r) => [
      e(r.out_refund_no),
      e(r.out_trade_no),
      e(r.status),
      e(formatYuan(r.refund)),
      e(rfc3339Beijing(r.create_time)),
    ]);
  const deliveries = ctx.notifier
    .all()
    .slice()
    .reverse()
    .map((n) => [
      `<code>${e(n.id)}</code>`,
      e(n.event_type),
      e(n.out_refund_no ?? n.out_trade_no),
      `<code>${e(n.url)}</code>`,
      e(n.status),
      n.attempts.map((a) => `${e(a.variant)} → ${e(a.status ?? a.error ?? "…")}${a.ok ? " ✓" : " ✗"}`).join("<br>"),
    ]);
  return layout(
    "WeChat Pay simulator",
    `<h1>WeChat Pay simulator 微信支付模拟器</h1>
<p class="muted"><a href="/console">Refresh 刷新</a> · <label><input type="checkbox" id="auto-refresh" checked> refresh every 5 s</label> · mchid ${e(ctx.identity.merchant.mchid)} · appid ${e(ctx.identity.merchant.appid)} · signing mode ${e(ctx.signer.mode)} · clock offset ${e(ctx.clock.offsetSeconds)} s · <a href="/scan">scan page</a> · state is in memory (a restart forgets orders)</p>
<p class="muted">faults: ${
      ctx.faults
        .all()
        .map((f) => `${e(f.endpoint)} ${e(f.kind)} @${e(f.rate)}`)
        .join(", ") || "none"
    } · notifications ${ctx.notifier.held ? "held" : "flowing"}</p>
<h2>Orders</h2>${table(["out_trade_no", "type", "state", "amount", "description", "transaction_id", "created"], orders)}
<h2>Refunds</h2>${table(["out_refund_no", "out_trade_no", "status", "amount", "created"], refunds)}
<h2>Notification deliveries</h2>${table(["id", "event", "for", "notify_url", "status", "attempts"], deliveries)}`,
    { wide: true, script: AUTO_REFRESH },
  );
}
