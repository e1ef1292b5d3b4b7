import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

/**
 * Chart.js with only the pieces the explorer draws (bars, lines, category and linear axes,
 * legend, tooltip), so the bundle carries nothing else. Loaded on demand: the public verify page
 * never downloads it.
 */
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const root = getComputedStyle(document.documentElement);
Chart.defaults.font.family = root.fontFamily;
Chart.defaults.color = root.getPropertyValue('--fg').trim() || '#1c2430';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
// A lone bar (one period, one organisation) stays a bar, not a slab.
Chart.defaults.datasets.bar.maxBarThickness = 40;

export { Chart };
