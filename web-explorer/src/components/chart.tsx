import type { ChartConfiguration, ChartType, Plugin } from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

type Engine = typeof import('./chart-engine');
let engine: Promise<Engine> | null = null;
const loadEngine = (): Promise<Engine> => (engine ??= import('./chart-engine'));

/** The page's colours (CSS custom properties), for datasets. */
export function palette(): { good: string; bad: string; accent: string; neutral: string; warn: string; brand: string } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { good: v('--good', '#137333'), bad: v('--bad', '#b3261e'), accent: v('--accent', '#3367d6'), neutral: '#9aa0a6', warn: v('--warn', '#8a5a00'), brand: v('--brand', '#8a1c1c') };
}

/** Marks the canvas once Chart.js has drawn it, so that tests (and screen readers' observers) can tell. */
const drawn: Plugin = {
  id: 'explorer-drawn',
  afterRender: (chart) => {
    chart.canvas.dataset.rendered = 'true';
  },
};

export interface ChartFigureProps {
  /** Names the figure for tests: `figure[data-chart=id]`. */
  id: string;
  title: string;
  /** The chart's content in one sentence: the canvas's accessible name. */
  summary: string;
  config: ChartConfiguration<ChartType>;
  /** CSS height of the drawing area; the width follows the page. */
  height?: number;
  /** The numbers behind the chart, as text (a table or a list). */
  children?: ComponentChildren;
}

/**
 * A chart drawn by Chart.js on a canvas, with its title, an accessible summary and the numbers
 * as text next to it. New data updates the chart in place (no flicker on live refreshes).
 */
export function ChartFigure({ id, title, summary, config, height = 240, children }: ChartFigureProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<{ instance: InstanceType<Engine['Chart']>; type: ChartType } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // Data and options as JSON: an unchanged chart is not redrawn on every render of its page.
  const signature = JSON.stringify([config.type, config.data, config.options ?? {}]);

  useEffect(() => {
    let live = true;
    loadEngine().then(
      ({ Chart }) => {
        if (!live || !canvas.current) return;
        const current = chart.current;
        if (current && current.type === config.type) {
          current.instance.data = config.data;
          current.instance.options = config.options ?? {};
          current.instance.update();
        } else {
          current?.instance.destroy();
          chart.current = { instance: new Chart(canvas.current, { ...config, plugins: [...(config.plugins ?? []), drawn] }), type: config.type };
        }
      },
      (err: unknown) => live && setFailed(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [signature]);

  useEffect(
    () => () => {
      chart.current?.instance.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <figure class="chart" data-chart={id}>
      <figcaption>{title}</figcaption>
      <div class="chart-canvas" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={summary}>
          {summary}
        </canvas>
      </div>
      {failed && <p class="muted small">{failed}</p>}
      {children}
    </figure>
  );
}
