/** A waiting time as the dashboard shows it: the largest unit only ("3 h", "3 小时"). */
export function formatAge(ms: number, locale: string): string {
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86400_000],
    ["hour", 3600_000],
    ["minute", 60_000],
    ["second", 1000],
  ];
  const [unit, size] = units.find(([, s]) => ms >= s) ?? units[units.length - 1]!;
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" }).format(Math.floor(ms / size));
}
