import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readImport } from '../../src/features/newsletter/newsletter.import.ts';
import { openStorage } from '../../src/storage/index.ts';
import { runNewsletterImport } from '../../scripts/newsletter-import.ts';

const AT = new Date('2026-03-02T09:00:00Z');

/** A Mailchimp "subscribed" export (quoted names with commas) and its "unsubscribed" one, joined. */
const MAILCHIMP = [
  'Email Address,First Name,Last Name,OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME,SOURCE',
  'ana@example.org,"Ana, the gardener",Silva,2025-11-03 10:00:00,2025-11-03 10:05:12,,Signup form',
  'BEA@Example.org,Bea,"O""Neil",2025-12-01 08:00:00,2025-12-01 08:01:00,,',
  'cleo@example.org,Cleo,,2025-10-01 08:00:00,2025-10-01 08:00:30,2026-01-15 12:00:00,',
].join('\r\n');

/** A Buttondown-style export: lower-case names, a type column. */
const BUTTONDOWN = [
  'email,creation_date,subscriber_type,source',
  'dan@example.org,2026-02-01T10:00:00Z,regular,api',
].join('\n');

describe('newsletter CSV import', () => {
  let folder: string;
  let out: string[];
  let err: string[];
  const io = () => ({
    out: (l: string) => void out.push(l),
    err: (l: string) => void err.push(l),
    env: {},
    now: () => AT,
  });
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'foyer-nl-import-'));
    out = [];
    err = [];
    const yaml = readFileSync('config/community.example.yaml', 'utf8').replace(
      'path: data/foyer.sqlite',
      `path: ${join(folder, 'foyer.sqlite')}`,
    );
    writeFileSync(join(folder, 'foyer.yaml'), yaml);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const importFile = (name: string, content: string) => {
    writeFileSync(join(folder, name), content);
    return runNewsletterImport([join(folder, name), '--config', join(folder, 'foyer.yaml')], io());
  };
  const withStore = <T>(work: (store: ReturnType<typeof openStorage>['stores']['newsletter']) => T): T => {
    const storage = openStorage(join(folder, 'foyer.sqlite'));
    try {
      return work(storage.stores.newsletter);
    } finally {
      storage.close();
    }
  };

  it('imports Mailchimp and Buttondown exports with their consent dates and sources; unsubscribed stay unsubscribed', () => {
    expect(importFile('mailchimp.csv', MAILCHIMP)).toBe(0);
    expect(out).toEqual([expect.stringContaining('Imported 3 addresses from') as string]);
    expect(out[0]).toContain('3 added, 0 updated, 0 unchanged.');
    expect(importFile('buttondown.csv', BUTTONDOWN)).toBe(0);
    withStore((store) => {
      const ana = store.byAddress('demo-garden', 'ana@example.org')!;
      expect(ana.status).toBe('subscribed');
      expect(ana.confirmedAt).toEqual(new Date('2025-11-03T10:05:12Z'));
      expect(store.consents(ana.id)).toEqual([
        {
          kind: 'imported',
          at: new Date('2025-11-03T10:05:12Z'),
          source: 'import:mailchimp.csv:Signup form',
          address: 'ana@example.org',
          wording: null,
        },
      ]);
      expect(store.byAddress('demo-garden', 'bea@example.org')!.status).toBe('subscribed');
      const cleo = store.byAddress('demo-garden', 'cleo@example.org')!;
      expect(cleo.status).toBe('unsubscribed');
      expect(store.consents(cleo.id).map((c) => c.kind)).toEqual(['imported', 'unsubscribed']);
      expect(store.byAddress('demo-garden', 'dan@example.org')!.confirmedAt).toEqual(new Date('2026-02-01T10:00:00Z'));
    });
    // An older export that still lists cleo as subscribed does not bring her back.
    expect(importFile('old.csv', 'email,status,consent date\ncleo@example.org,subscribed,2025-09-01')).toBe(0);
    expect(out.at(-1)).toContain('0 added, 0 updated, 1 unchanged.');
    withStore((store) => expect(store.byAddress('demo-garden', 'cleo@example.org')!.status).toBe('unsubscribed'));
  });

  it('refuses a file with bad lines, naming each line and why, and imports nothing of it', () => {
    const bad = [
      'email,status,consent date',
      'ok@example.org,subscribed,2026-01-01',
      'not-an-address,subscribed,2026-01-01',
      'late@example.org,pending,2026-01-01',
      'nodate@example.org,subscribed,',
      'OK@example.org,subscribed,2026-01-02',
      'odd@example.org,maybe,2026-01-01',
      'when@example.org,subscribed,yesterday',
    ].join('\n');
    expect(importFile('bad.csv', bad)).toBe(1);
    const file = join(folder, 'bad.csv');
    expect(err).toEqual([
      `${file}:3: "not-an-address" is not an email address (no-at)`,
      `${file}:4: late@example.org never confirmed (status "pending"): only confirmed subscribers can be imported`,
      `${file}:5: no consent date: the list keeps when each person agreed`,
      `${file}:6: ok@example.org is already on line 2`,
      `${file}:7: unknown status "maybe"`,
      `${file}:8: "yesterday" is not a date (expected 2024-05-01 or 2024-05-01 10:30:00)`,
      'Import refused (6 bad lines): nothing was changed.',
    ]);
    withStore((store) => expect(store.byAddress('demo-garden', 'ok@example.org')).toBeUndefined());
  });

  it('refuses a file without an address column', () => {
    expect(readImport('name,date\nana,2026-01-01', 'x.csv')).toEqual({
      ok: false,
      problems: [{ line: 1, reason: expect.stringContaining('no address column') as string }],
    });
  });

  it('counts lines inside quoted fields that hold line breaks', () => {
    const parsed = readImport(
      'email,consent,consent date\n"a@example.org","I agree\nto it",2026-01-01\nbad,,',
      'q.csv',
    );
    expect(parsed).toEqual({ ok: false, problems: [{ line: 4, reason: '"bad" is not an email address (no-at)' }] });
  });
});
