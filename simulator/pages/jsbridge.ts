/**
 * The WeixinJSBridge shim, served at /_sim/jsbridge.js.
 * It asks the simulator (CORS) to check paySign, shows a bottom sheet with 支付 Pay / 取消 Cancel,
 * and answers like WeChat: get_brand_wcpay_request:ok|cancel|fail.
 */
export function jsbridgeScript(baseUrl: string): string {
  return `(function () {
  "use strict";
  if (window.WeixinJSBridge && window.WeixinJSBridge.__simulator) return;
  var SIM = (function () {
    try { var s = document.currentScript && document.currentScript.src; if (s) return new URL(s).origin; } catch (e) {}
    return ${JSON.stringify(baseUrl)};
  })();

  function post(path, params) {
    return fetch(SIM + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(params) })
      .then(function (r) { return r.json(); })
      .catch(function (e) { return { ok: false, err_desc: "simulator unreachable: " + e }; });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  function sheet(info) {
    return new Promise(function (resolve) {
      var overlay = el("div", { "data-testid": "wechat-pay-sheet", role: "dialog", "aria-modal": "true", "aria-label": "微信支付 WeChat Pay",
        style: "position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:2147483647;display:flex;align-items:flex-end;justify-content:center;font-family:-apple-system,sans-serif" });
      var box = el("div", { style: "background:#fff;width:100%;max-width:420px;border-radius:12px 12px 0 0;padding:20px 16px 28px;text-align:center" });
      box.appendChild(el("div", { style: "color:#555" }, info.merchantName));
      box.appendChild(el("div", { "data-testid": "wechat-pay-amount", style: "font-size:36px;font-weight:600;margin:10px 0" }, info.amountText));
      box.appendChild(el("div", { style: "color:#333;margin-bottom:12px" }, info.description));
      function button(label, sub, bg, fg, value) {
        var b = el("button", { type: "button", "aria-label": label + " " + sub,
          style: "display:block;width:100%;padding:12px;border:0;border-radius:6px;font-size:17px;margin-top:10px;cursor:pointer;background:" + bg + ";color:" + fg });
        b.textContent = label;
        var small = el("small", { style: "display:block;font-size:12px" }, sub);
        b.appendChild(small);
        b.addEventListener("click", function () { overlay.remove(); resolve(value); });
        return b;
      }
      // The darker WeChat green: white on #07c160 is 2.4:1, on #067a3e 5.4:1 (WCAG AA).
      box.appendChild(button("支付", "Pay", "#067a3e", "#fff", "pay"));
      box.appendChild(button("取消", "Cancel", "#f2f2f2", "#067a3e", "cancel"));
      overlay.appendChild(box);
      document.body.appendChild(overlay);
    });
  }

  /** Resolves to "ok" | "cancel" | "fail" (with a description). */
  function pay(params) {
    return post("/_sim/jsapi/check", params).then(function (info) {
      if (!info.ok) return { result: "fail", desc: info.err_desc };
      return sheet(info).then(function (choice) {
        if (choice === "cancel") return { result: "cancel" };
        return post("/_sim/jsapi/pay", params).then(function (r) {
          return r.ok ? { result: "ok" } : { result: "fail", desc: r.err_desc };
        });
      });
    });
  }

  window.WeixinJSBridge = {
    __simulator: true,
    invoke: function (name, params, cb) {
      if (name !== "getBrandWCPayRequest") { if (cb) cb({ err_msg: name + ":fail not supported by the simulator" }); return; }
      pay(params || {}).then(function (r) {
        var res = { err_msg: "get_brand_wcpay_request:" + r.result };
        if (r.desc) res.err_desc = r.desc;
        if (cb) cb(res);
      });
    },
    on: function () {},
    call: function () {}
  };

  // No wx.requestPayment: a mini-program web-view has no payment permission (WeChat answers
  // nothing useful there); mini-programs pay natively (POST /_sim/miniprogram/request-payment).

  setTimeout(function () {
    var ev;
    try { ev = new Event("WeixinJSBridgeReady"); } catch (e) { ev = document.createEvent("Event"); ev.initEvent("WeixinJSBridgeReady", false, false); }
    document.dispatchEvent(ev);
  }, 0);
})();
`;
}
