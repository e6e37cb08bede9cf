export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

const COLORS = ["#07c160", "#2f5d9c", "#fa5151", "#a0522d"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A small self-contained line chart (no library): categorical x, linear y from 0. */
export function lineChartSvg(opts: { title: string; xLabel: string; yLabel: string; series: Series[] }): string {
  const W = 640,
    H = 360,
    L = 64,
    R = 150,
    T = 40,
    B = 48;
  const xs = [...new Set(opts.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const yMax = niceMax(Math.max(1, ...opts.series.flatMap((s) => s.points.map((p) => p.y))));
  const px = (x: number) => L + (xs.length === 1 ? (W - L - R) / 2 : (xs.indexOf(x) / (xs.length - 1)) * (W - L - R));
  const py = (y: number) => H - B - (y / yMax) * (H - T - B);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(opts.title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const y = (yMax / 4) * i;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${py(y)}" y2="${py(y)}" stroke="#e5e6eb"/>`);
    parts.push(`<text x="${L - 6}" y="${py(y) + 4}" text-anchor="end">${+y.toFixed(1)}</text>`);
  }
  for (const x of xs) parts.push(`<text x="${px(x)}" y="${H - B + 18}" text-anchor="middle">${x}</text>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`,
  );
  opts.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2.5" points="${pts}"/>`);
    for (const p of s.points)
      parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${color}"/>`);
    parts.push(`<rect x="${W - R + 14}" y="${T + i * 22}" width="12" height="12" fill="${color}"/>`);
    parts.push(`<text x="${W - R + 32}" y="${T + i * 22 + 10}">${esc(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

function niceMax(v: number): number {
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (v <= step * mag) return step * mag;
  return 10 * mag;
}
