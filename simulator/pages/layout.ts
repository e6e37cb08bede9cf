/** HTML-escapes text for element content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// WeChat's look with AA contrast: white on the WeChat green #07c160 is 2.4:1, so text sits on
// (or is) the darker #067a3e (5.4:1); muted grey #666 (5.3:1 on #f7f7f7).
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#ededed;color:#111}
main{max-width:420px;margin:0 auto;min-height:100vh;background:#f7f7f7;padding:24px 16px}
main.wide{max-width:1200px}
h1{font-size:18px;text-align:center;margin:8px 0 24px}
.card{background:#fff;border-radius:8px;padding:20px;margin-bottom:16px}
.merchant{color:#555;text-align:center}.amount{font-size:40px;font-weight:600;text-align:center;margin:12px 0}
.desc{text-align:center;color:#333}.muted{color:#666;font-size:13px}
button,.btn{display:block;width:100%;padding:12px;border:0;border-radius:6px;font-size:17px;margin-top:12px;cursor:pointer;text-align:center;text-decoration:none}
.pay{background:#067a3e;color:#fff}.cancel{background:#f2f2f2;color:#067a3e}
button small,.btn small{display:block;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
ul.orders{list-style:none;padding:0}ul.orders li{background:#fff;margin:8px 0;border-radius:6px}ul.orders a{display:block;padding:12px;color:#111;text-decoration:none}
code{font-size:12px;word-break:break-all}
`;

export function layout(title: string, body: string, opts: { wide?: boolean; script?: string } = {}): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main${opts.wide ? ' class="wide"' : ""}>${body}</main>${opts.script ? `<script>${opts.script}</script>` : ""}</body></html>`;
}

export function messagePage(title: string, message: string, extraHtml = ""): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><div class="card"><p>${escapeHtml(message)}</p>${extraHtml}</div>`,
  );
}

export function formatYuan(fen: number): string {
  const s = String(Math.abs(fen)).padStart(3, "0");
  return `¥${fen < 0 ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
}
