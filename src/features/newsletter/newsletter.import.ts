/**
 * Reads a list exported from another newsletter tool (Mailchimp, Buttondown, Substack,
 * a spreadsheet): one header line, then one address per line. Columns are found by the
 * names those tools use; every bad line is reported, and a file with any is refused whole.
 */
import type { ImportedSubscriber } from './newsletter.store.ts';
import { newUnsubscribeToken, normaliseAddress } from './newsletter.logic.ts';

const COLUMNS = {
  address: ['email address', 'email', 'e-mail', 'email_address', 'subscriber email', 'mail'],
  status: ['status', 'subscribed', 'subscriber_type', 'type', 'state'],
  consentAt: [
    'consent date',
    'confirm_time',
    'optin_time',
    'subscription_date',
    'subscribed_at',
    'date_subscribed',
    'creation_date',
    'created_at',
    'created',
    'timestamp',
  ],
  unsubscribedAt: ['unsub_time', 'unsubscribed_at', 'unsubscribe_date'],
  source: ['source', 'signup_source', 'referrer_url', 'utm_source'],
  wording: ['consent', 'consent text', 'consent wording', 'gdpr', 'optin_text'],
} as const;

const SUBSCRIBED = new Set(['subscribed', 'active', 'regular', 'confirmed', 'premium', 'yes', 'true', '1', 'y']);
const UNSUBSCRIBED = new Set([
  'unsubscribed',
  'unsubscribe',
  'cleaned',
  'bounced',
  'complained',
  'removed',
  'inactive',
  'no',
  'false',
  '0',
  'n',
]);
const UNCONFIRMED = new Set(['pending', 'unconfirmed', 'unactivated', 'transactional']);

export interface ImportProblem {
  /** The line in the file, 1 being the header. */
  line: number;
  reason: string;
}

export type ImportParse = { ok: true; rows: ImportedSubscriber[] } | { ok: false; problems: ImportProblem[] };

/** RFC 4180 fields: commas or semicolons, quotes doubled inside quoted fields, CRLF or LF; the line each record starts on. */
export function parseCsv(content: string): { line: number; fields: string[] }[] {
  const text = content.replace(/^\ufeff/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

/** A date as those tools write it: ISO 8601, or `YYYY-MM-DD HH:MM:SS` in UTC (Mailchimp). */
export function parseExportDate(value: string): Date | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  const spaced = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/.exec(trimmed);
  const iso = spaced
    ? `${spaced[1]}T${spaced[2]}Z`
    : /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
      ? `${trimmed}T00:00:00Z`
      : trimmed;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The column of the first name listed that the header has: the names are in order of preference. */
function findColumn(header: readonly string[], names: readonly string[]): number {
  const normalised = header.map((h) => h.trim().toLowerCase());
  for (const name of names) {
    const at = normalised.indexOf(name);
    if (at >= 0) return at;
  }
  return -1;
}

/** Every row of the file checked, or every problem found (line and reason). `file` names the source in consent records. */
export function readImport(content: string, file: string): ImportParse {
  const [header, ...records] = parseCsv(content);
  if (!header) return { ok: false, problems: [{ line: 1, reason: 'the file is empty' }] };
  const col = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, names]) => [key, findColumn(header.fields, names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  if (col.address < 0)
    return {
      ok: false,
      problems: [{ line: 1, reason: `no address column (expected one of: ${COLUMNS.address.join(', ')})` }],
    };
  const problems: ImportProblem[] = [];
  const rows: ImportedSubscriber[] = [];
  const seen = new Map<string, number>();
  const cell = (fields: readonly string[], index: number) => (index < 0 ? '' : (fields[index] ?? '').trim());
  for (const { line, fields } of records) {
    const refuse = (reason: string) => void problems.push({ line, reason });
    const address = normaliseAddress(cell(fields, col.address));
    if (!address.ok) {
      refuse(`"${cell(fields, col.address).slice(0, 80)}" is not an email address (${address.problem})`);
      continue;
    }
    const key = address.address.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      refuse(`${address.address} is already on line ${earlier}`);
      continue;
    }
    seen.set(key, line);
    const rawStatus = cell(fields, col.status).toLowerCase();
    const unsubscribedAt = parseExportDate(cell(fields, col.unsubscribedAt));
    let status: ImportedSubscriber['status'];
    if (unsubscribedAt || UNSUBSCRIBED.has(rawStatus)) status = 'unsubscribed';
    else if (rawStatus === '' || SUBSCRIBED.has(rawStatus)) status = 'subscribed';
    else if (UNCONFIRMED.has(rawStatus)) {
      refuse(`${address.address} never confirmed (status "${rawStatus}"): only confirmed subscribers can be imported`);
      continue;
    } else {
      refuse(`unknown status "${rawStatus.slice(0, 40)}"`);
      continue;
    }
    const rawDate = cell(fields, col.consentAt);
    const consentAt = parseExportDate(rawDate) ?? unsubscribedAt;
    if (!consentAt) {
      refuse(
        rawDate
          ? `"${rawDate.slice(0, 40)}" is not a date (expected 2024-05-01 or 2024-05-01 10:30:00)`
          : 'no consent date: the list keeps when each person agreed',
      );
      continue;
    }
    const source = cell(fields, col.source);
    const wording = cell(fields, col.wording);
    rows.push({
      address: address.address,
      status,
      consentAt,
      source: source ? `import:${file}:${source.slice(0, 200)}` : `import:${file}`,
      wording: wording ? wording.slice(0, 2000) : null,
      unsubscribeToken: newUnsubscribeToken(),
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
