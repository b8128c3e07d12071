/**
 * Renders a Vega-Lite chart to SVG (vega, headless: no canvas, no DOM) and rasterises it
 * to PNG with resvg. Text is drawn with the DejaVu Sans files shipped in the
 * `dejavu-fonts-ttf` package and system fonts are never loaded, so the same spec gives
 * the same bytes on every machine.
 */
import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';

/*
 * The renderers are loaded on the first chart, not at start: most processes never draw
 * one, they weigh tens of MiB, and vega's bundle must not load before discord.js's own
 * inspect polyfill (loading it first breaks that polyfill's start-up).
 */
const libraries = async () => {
  const [vega, vegaLite, resvg] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  return { vega, compile: vegaLite.compile, renderAsync: resvg.renderAsync };
};

export type ChartSpec = TopLevelSpec;

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
  /** Pixels of the PNG (the SVG's size times `scale`). */
  width: number;
  height: number;
}

/** The family every chart is set in; `chartConfig` and the rasteriser agree on it. */
export const CHART_FONT = 'DejaVu Sans';

const fontFile = (name: string): string => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);

/** Regular for labels, Bold for titles (vega's default title weight). */
const FONT_FILES = [fontFile('DejaVuSans.ttf'), fontFile('DejaVuSans-Bold.ttf')];

/** Twice the SVG's size: sharp on high-density screens, still small (tens of kB). */
const DEFAULT_SCALE = 2;

/** Chart config that makes every text use the bundled font, on white (chat themes vary). */
export const chartConfig = { font: CHART_FONT, background: 'white' } as const;

/**
 * A loader that refuses every URL and file: charts carry their data inline, and a spec
 * must never make Foyer read a file or reach the network.
 */
function inlineDataOnly(vega: typeof Vega): Vega.Loader {
  const refuse = (what: string) => Promise.reject(new Error(`charts carry their data inline; refused to load ${what}`));
  return { ...vega.loader(), load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/** Compiles the Vega-Lite spec to Vega and renders it headless to an SVG string. */
export async function chartToSvg(spec: ChartSpec): Promise<string> {
  const { vega, compile } = await libraries();
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: inlineDataOnly(vega) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function rasterOptions(scale: number): ResvgRenderOptions {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
      serifFamily: CHART_FONT,
      monospaceFamily: CHART_FONT,
    },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    logLevel: 'off',
  };
}

/** Rasterises an SVG to PNG off the main thread (resvg's async render), with the bundled font only. */
export async function svgToPng(
  svg: string,
  scale = DEFAULT_SCALE,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const { renderAsync } = await libraries();
  const image = await renderAsync(svg, rasterOptions(scale));
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}

export async function renderChart(spec: ChartSpec, scale = DEFAULT_SCALE): Promise<RenderedChart> {
  const svg = await chartToSvg(spec);
  return { svg, ...(await svgToPng(svg, scale)) };
}
