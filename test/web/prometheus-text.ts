/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), enough to
 * prove /metrics is what a Prometheus server accepts: HELP and TYPE lines, samples with
 * escaped label values, every sample in a family its TYPE declared, one TYPE per family.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"\s*(,|$)/;
const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseValue(raw: string, line: number): number {
  // Prometheus reads these as Go's ParseFloat does: in any letter case.
  if (/^\+?inf(inity)?$/i.test(raw)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(raw)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(raw)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`line ${line}: bad value "${raw}"`);
  return Number(raw);
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.trim() !== '') {
    const match = LABEL.exec(rest);
    if (!match) throw new Error(`line ${line}: bad labels "${text}"`);
    const [whole, name, escaped] = match as unknown as [string, string, string];
    if (name in labels) throw new Error(`line ${line}: label ${name} twice`);
    labels[name] = escaped.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

export function parsePrometheusText(body: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const lines = body.split('\n');
  if (lines.at(-1) !== '') throw new Error('the exposition must end with a newline');
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(text);
    if (meta) {
      const [, what, name, rest = ''] = meta as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
      const family = families.get(name) ?? { name, type: 'untyped' as const, help: '', samples: [] };
      if (what === 'HELP') family.help = rest;
      else {
        if (!(rest in SUFFIXES)) throw new Error(`line ${line}: unknown type ${rest}`);
        if (family.samples.length > 0) throw new Error(`line ${line}: TYPE after samples of ${name}`);
        family.type = rest as Family['type'];
      }
      families.set(name, family);
      return;
    }
    if (text.startsWith('#')) return;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(text);
    if (!sample) throw new Error(`line ${line}: not a sample: ${text}`);
    const [, name, labels = '', value] = sample as unknown as [string, string, string | undefined, string];
    const family = [...families.values()].find((f) => SUFFIXES[f.type].some((s) => `${f.name}${s}` === name));
    if (!family) throw new Error(`line ${line}: sample ${name} of no declared family`);
    family.samples.push({ name, labels: parseLabels(labels, line), value: parseValue(value, line) });
  });
  return families;
}

/** The value of the sample `name` whose labels include `labels` (0 when there is none yet). */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  for (const family of families.values())
    for (const sample of family.samples)
      if (sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) return sample.value;
  return 0;
}
