/**
 * The dashboard's chart renderer, run in a worker thread: drawing a chart is hundreds of
 * milliseconds of synchronous work in vega, which on the main thread would hold up every
 * event the bot is handling. Specs in, SVG strings out.
 */
import { parentPort } from 'node:worker_threads';
import { chartToSvg, type ChartSpec } from '../render/chart.ts';

parentPort?.on('message', async ({ id, spec }: { id: number; spec: ChartSpec }) => {
  try {
    parentPort!.postMessage({ id, result: await chartToSvg(spec) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
