import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless; never a downloaded browser build. */
export const CHROMIUM = '/usr/bin/chromium';
export const WIDTHS = [375, 1440] as const;
const SCREENSHOTS = resolve(__dirname, '..', '..', 'test-results', 'screenshots');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page whose uncaught script errors fail the test that reads `errors`. */
export async function openPage(browser: Browser, width = 1440): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

export async function login(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/API 密钥|API key/).fill(apiKey);
  await page.locator('form.login button[type=submit]').click();
  await page.waitForURL(`${baseUrl}/`);
}

export interface Layout {
  width: number;
  /** Wider than the viewport means the page scrolls sideways: it does not fit. */
  scrollWidth: number;
  /** Inputs, selects and buttons without an accessible name. */
  unlabelled: string[];
}

/**
 * Saves a full-page screenshot at each width into test-results/screenshots/ and reports how the
 * page laid out there, so a test can assert it fits a phone and names every control.
 */
export async function captureAtBothWidths(page: Page, name: string): Promise<Layout[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  const layouts: Layout[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    const measured = await page.evaluate(() => {
      const unlabelled: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button'))) {
        const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent?.trim());
        if (!labelled) unlabelled.push(el.outerHTML.slice(0, 80));
      }
      return { scrollWidth: document.documentElement.scrollWidth, unlabelled };
    });
    layouts.push({ width, ...measured });
  }
  if (original) await page.setViewportSize(original);
  return layouts;
}

/** What every page must satisfy at both widths. */
export function expectFitsAndLabelled(layouts: Layout[]): void {
  for (const l of layouts) {
    expect({ width: l.width, fits: l.scrollWidth <= l.width, unlabelled: l.unlabelled }).toEqual({ width: l.width, fits: true, unlabelled: [] });
  }
}

export interface DrawnChart {
  /** CSS pixels the canvas takes on the page. */
  width: number;
  height: number;
  /** Share of the canvas's pixels that are not transparent: 0 for a blank canvas. */
  inked: number;
}

/** Waits until Chart.js has drawn the chart `figure[data-chart=id]` and measures its canvas. */
export async function drawnChart(page: Page, id: string): Promise<DrawnChart> {
  const canvas = page.locator(`figure[data-chart="${id}"] canvas[data-rendered="true"]`);
  await canvas.waitFor();
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return { width: c.clientWidth, height: c.clientHeight, inked: inked / Math.max(1, c.width * c.height) };
  });
}

/** Polls `read` until it returns `want` (or the time is up) and returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (JSON.stringify(last) !== JSON.stringify(want) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}
