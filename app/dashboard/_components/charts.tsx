"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One bar or point: a label already translated and its value (null = no data). */
export type ChartDatum = { key: string; label: string; value: number | null };

type Props = {
  data: ChartDatum[];
  /** A sentence with every number, read by screen readers instead of the drawing. */
  ariaLabel: string;
  valueName: string;
  /** Formats a value for the tooltip and the labels, e.g. a percentage. */
  unit?: "count" | "days" | "percent";
};

function format(value: number | null | undefined, unit: Props["unit"]): string {
  if (value == null) return "—";
  if (unit === "percent") return `${Math.round(value * 100)}%`;
  if (unit === "days") return value.toFixed(1);
  return String(value);
}

/** A bar chart, one bar per stage; the chart itself is hidden from assistive technology. */
export function StageBarChart({ data, ariaLabel, valueName, unit = "count" }: Props) {
  const rows = data.map((d) => ({ ...d, value: d.value ?? 0, shown: format(d.value, unit) }));
  return (
    <figure role="img" aria-label={ariaLabel} className="w-full h-72 md:h-80">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={unit !== "count"} tick={{ fontSize: 14 }} />
          <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 14 }} />
          <Tooltip formatter={(_v, _n, item) => [(item?.payload as { shown?: string } | undefined)?.shown ?? "", valueName]} />
          <Bar dataKey="value" name={valueName} fill="var(--color-primary)" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            <LabelList dataKey="shown" position="right" style={{ fontSize: 14 }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** A line chart of a share per month (0–100%); months without answers leave a gap. */
export function ShareLineChart({ data, ariaLabel, valueName }: Props) {
  const rows = data.map((d) => ({ ...d, percent: d.value == null ? null : Math.round(d.value * 1000) / 10 }));
  return (
    <figure role="img" aria-label={ariaLabel} className="w-full h-72 md:h-80">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 13 }} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 13 }} width={48} />
          <Tooltip formatter={(v) => [v == null ? "—" : `${String(v)}%`, valueName]} />
          <Line type="monotone" dataKey="percent" name={valueName} stroke="var(--color-primary)" strokeWidth={3} dot={{ r: 4 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
