import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartConfig, chartToSvg, renderChart, svgToPng, type ChartSpec } from '../../src/render/chart.ts';

const spec = (title: string): ChartSpec => ({
  title,
  width: 200,
  height: 100,
  data: {
    values: [
      { step: 'Arrivés', n: 10 },
      { step: 'Ont posté', n: 6 },
    ],
  },
  mark: 'bar',
  encoding: { x: { field: 'step', type: 'nominal', sort: null }, y: { field: 'n', type: 'quantitative' } },
  config: chartConfig,
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('chart rendering', () => {
  it('renders the SVG with the title, the data and the bundled font', async () => {
    const svg = await chartToSvg(spec('Entonnoir d’activation'));
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('Entonnoir d’activation');
    expect(svg).toContain('Arrivés');
    expect(svg).toContain('Ont posté');
    expect(svg).toContain('DejaVu Sans');
  });

  it('rasterises to a PNG twice the SVG size, which its header and the result agree on', async () => {
    const chart = await renderChart(spec('Size'));
    const svgWidth = Number(/width="(\d+)"/.exec(chart.svg)![1]);
    const svgHeight = Number(/height="(\d+)"/.exec(chart.svg)![1]);
    expect([...chart.png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(chart.png)).toEqual({ width: svgWidth * 2, height: svgHeight * 2 });
    expect({ width: chart.width, height: chart.height }).toEqual({ width: svgWidth * 2, height: svgHeight * 2 });
  });

  it('gives the same bytes for the same spec', async () => {
    const first = await renderChart(spec('Same'));
    const second = await renderChart(spec('Same'));
    expect(Buffer.from(second.png).equals(Buffer.from(first.png))).toBe(true);
  });

  it('draws text with the bundled font: text changes the pixels, and different text changes them differently', async () => {
    const svg = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="20" font-family="DejaVu Sans" font-size="16">${label}</text></svg>`;
    const blank = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"></svg>');
    const hello = await svgToPng(svg('Bonjour'));
    const other = await svgToPng(svg('Salut'));
    // With no font loaded, resvg draws no glyph and the text renders as the blank image.
    expect(Buffer.from(hello.png).equals(Buffer.from(blank.png))).toBe(false);
    expect(Buffer.from(hello.png).equals(Buffer.from(other.png))).toBe(false);
  });

  it('a font family the bundle lacks falls back to the bundled font, not to a system one', async () => {
    const svg = (family: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="20" font-family="${family}" font-size="16">Bonjour</text></svg>`;
    const bundled = await svgToPng(svg('DejaVu Sans'));
    const unknown = await svgToPng(svg('sans-serif'));
    expect(Buffer.from(unknown.png).equals(Buffer.from(bundled.png))).toBe(true);
  });

  it('never reads data from a file or URL a spec names: charts carry their data inline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-chart-'));
    try {
      const file = join(dir, 'rows.json');
      writeFileSync(file, JSON.stringify([{ a: 'from-disk' }, { a: 'also-from-disk' }]));
      const svg = await chartToSvg({
        data: { url: file },
        mark: 'bar',
        encoding: { x: { field: 'a', type: 'nominal' } },
      });
      expect(svg).toContain("X-axis titled 'a' for a discrete scale with 0 values");
      expect(svg).not.toContain('from-disk');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
