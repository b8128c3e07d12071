/**
 * The dashboard computed in a worker thread: the figures (computeFigures over the
 * roll-ups) and the charts are seconds of synchronous work for a large community, which on
 * the main thread would hold up every event the bot handles. The worker reads the same
 * database file through its own read-only connection; the main thread writes buffered
 * activity before each request, so the worker sees all of it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Locale } from '../core/i18n/translator.ts';
import { createTranslator } from '../features/catalogue.ts';
import type { Goal } from '../features/health/health.goals.ts';
import { chartToSvg } from '../render/chart.ts';
import { openReadOnlyStores } from '../storage/read-only.ts';
import { Dashboard } from './dashboard.ts';
import type { FoyerConfig } from '../config/schema.ts';

export interface DashboardWorkerData {
  path: string;
  community: { id: string; name: string; timezone: string; locale: Locale };
  templates: FoyerConfig['templates'];
  staff: readonly string[];
  goals: readonly Goal[];
}

const data = workerData as DashboardWorkerData;
const stores = openReadOnlyStores(data.path);
const translator = createTranslator(data.community.locale, data.templates, data.community.timezone);
/** The community's time, as the main thread's clock reads it (fake time in tests). */
let now = new Date(0);
const dashboard = new Dashboard({
  community: data.community,
  health: stores.health,
  openReports: () => stores.triage.open(data.community.id),
  flush: () => undefined,
  clock: { now: () => now },
  staff: data.staff,
  goals: data.goals,
  translator: (locale) => translator.forLocale(locale),
  drawSvg: chartToSvg,
});

parentPort?.on('message', async ({ id, locale, at }: { id: number; locale: Locale; at: number }) => {
  try {
    now = new Date(at);
    parentPort!.postMessage({ id, result: await dashboard.body(locale) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
