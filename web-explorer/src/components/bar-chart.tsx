/**
 * Horizontal stacked bars: an HTML grid of label, SVG bar and total per row, with an optional
 * marker per row (a limit to compare against). The bars stretch with the page; text stays crisp.
 */
export interface BarSegment {
  value: number;
  tone: 'good' | 'bad' | 'neutral' | 'accent';
  name: string;
}

export interface BarRow {
  label: string;
  segments: BarSegment[];
  marker?: number;
}

export function BarChart({ title, rows, markerName, unit = '' }: { title: string; rows: BarRow[]; markerName?: string; unit?: string }) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.marker ?? 0, r.segments.reduce((s, x) => s + x.value, 0))));
  const legend = [...new Map(rows.flatMap((r) => r.segments.map((s) => [s.name, s.tone] as const))).entries()];
  const pct = (v: number) => (v / max) * 100;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-rows">
        {rows.map((r) => {
          let at = 0;
          const total = r.segments.reduce((s, seg) => s + seg.value, 0);
          const summary = `${r.label}: ${r.segments.map((s) => `${s.name} ${s.value}${unit}`).join(', ')}${r.marker !== undefined && markerName ? `; ${markerName} ${r.marker}${unit}` : ''}`;
          return (
            <div class="chart-row" key={r.label}>
              <span class="chart-label">{r.label}</span>
              <svg class="chart-bar" role="img" aria-label={summary} viewBox="0 0 100 10" preserveAspectRatio="none">
                <title>{summary}</title>
                {r.segments.map((s) => {
                  const start = at;
                  at += s.value;
                  return <rect key={s.name} class={`bar-${s.tone}`} x={pct(start)} y={1} width={pct(s.value)} height={8} />;
                })}
                {r.marker !== undefined && <rect class="bar-marker" x={Math.min(99.4, pct(r.marker))} y={0} width={0.6} height={10} />}
              </svg>
              <span class="chart-value">
                {Number.isInteger(total) ? total : total.toFixed(1)}
                {unit}
              </span>
            </div>
          );
        })}
      </div>
      <ul class="legend">
        {legend.map(([name, tone]) => (
          <li key={name}>
            <span class={`swatch bar-${tone}`} aria-hidden="true" /> {name}
          </li>
        ))}
        {markerName && (
          <li>
            <span class="swatch bar-marker" aria-hidden="true" /> {markerName}
          </li>
        )}
      </ul>
    </figure>
  );
}
