import type { DayStats } from "@/lib/admin/dashboard-stats";
import { formatFen, formatRate } from "./format";

const W = 960;
const H = 260;
const PAD = { top: 34, right: 48, bottom: 28, left: 76 };

/** Bars: paid volume per day; line: success rate (right axis, 0–100%). Plain SVG, no chart library. */
export function VolumeChart({
  days,
  title,
  volumeLabel,
  rateLabel,
}: {
  days: DayStats[];
  title: string;
  volumeLabel: string;
  rateLabel: string;
}) {
  const maxFen = Math.max(100, ...days.map((d) => d.paidFen));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / days.length;
  const barW = Math.min(40, slot * 0.55);
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const yFen = (fen: number) => PAD.top + plotH - (fen / maxFen) * plotH;
  const yRate = (r: number) => PAD.top + plotH - r * plotH;
  const ratePoints = days.flatMap((d, i) =>
    d.successRate === null ? [] : [`${x(i).toFixed(1)},${yRate(d.successRate).toFixed(1)}`],
  );
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <title>{title}</title>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={PAD.top + plotH * (1 - f)}
            y2={PAD.top + plotH * (1 - f)}
            stroke="#e5e6eb"
          />
          <text x={PAD.left - 6} y={PAD.top + plotH * (1 - f) + 4} textAnchor="end" fontSize="12" fill="#646a73">
            {formatFen(Math.round(maxFen * f))}
          </text>
          <text x={W - PAD.right + 6} y={PAD.top + plotH * (1 - f) + 4} fontSize="12" fill="#1d5fbf">
            {Math.round(f * 100)}%
          </text>
        </g>
      ))}
      {days.map((d, i) => (
        <g key={d.day}>
          <rect
            x={x(i) - barW / 2}
            y={yFen(d.paidFen)}
            width={barW}
            height={Math.max(0, PAD.top + plotH - yFen(d.paidFen))}
            rx="3"
            fill="#07c160"
          >
            <title>{`${d.day} ${volumeLabel} ${formatFen(d.paidFen)} · ${rateLabel} ${formatRate(d.successRate)} (${d.paidOrders}/${d.orders})`}</title>
          </rect>
          <text x={x(i)} y={H - 8} textAnchor="middle" fontSize="12" fill="#646a73">
            {d.day.slice(5)}
          </text>
        </g>
      ))}
      {ratePoints.length > 1 && <polyline points={ratePoints.join(" ")} fill="none" stroke="#1d5fbf" strokeWidth="2" />}
      {days.map((d, i) =>
        d.successRate === null ? null : (
          <circle key={d.day} cx={x(i)} cy={yRate(d.successRate)} r="3.5" fill="#1d5fbf" />
        ),
      )}
      <g fontSize="12">
        <rect x={PAD.left} y={4} width="10" height="10" fill="#07c160" />
        <text x={PAD.left + 14} y={13} fill="#646a73">
          {volumeLabel}
        </text>
        <circle cx={PAD.left + 124} cy={9} r="4" fill="#1d5fbf" />
        <text x={PAD.left + 132} y={13} fill="#646a73">
          {rateLabel}
        </text>
      </g>
    </svg>
  );
}
