import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../../src/core/fake-time.ts';
import type { FileResponder, OutgoingFile } from '../../src/core/ports.ts';
import { ok } from '../../src/core/result.ts';
import { toPlainText } from '../../src/core/rich-text.ts';
import type { Storage } from '../../src/storage/index.ts';
import type { Manifest } from '../../src/storage/portability/index.ts';
import { Harness, START, testConfig } from '../support/harness.ts';
import { openTestStorage } from '../support/postgres/database.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A platform that takes files: what it was handed is kept for the test to open. */
async function start(storage: Storage = openTestStorage(), files = true) {
  h = new Harness(testConfig(), new FakeTime(START), storage);
  const received: { text: string; file: OutgoingFile; private: boolean }[] = [];
  const fileResponder: FileResponder = {
    respondWithFile: async (_invocation, message, file, options) => {
      received.push({ text: toPlainText(message), file, private: options?.private === true });
      return ok(undefined);
    },
  };
  if (files) Object.defineProperty(h.platform, 'fileResponder', { value: fileResponder });
  await h.boot();
  h.roles.set('admin', 'admin');
  h.roles.set('mod', 'moderator');
  await h.join('ana');
  await h.post('ana', 'general', 'hello');
  await h.command('ana', '/rules accept');
  return { h, received };
}

const manifestOf = (file: OutgoingFile): Manifest => {
  const entries = unzipSync(file.content as Uint8Array);
  return JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as Manifest;
};

describe('/export', () => {
  it('gives an admin the whole community as a zip of the export, privately', async () => {
    const { h, received } = await start();
    await h.command('admin', '/export');
    expect(received).toHaveLength(1);
    const [{ text, file, private: privately }] = received as [(typeof received)[0]];
    expect(privately).toBe(true);
    expect(file.name).toBe('foyer-export-demo-garden-2026-03-02.zip');
    expect(file.mediaType).toBe('application/zip');
    const manifest = manifestOf(file);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    expect(text).toBe(
      `The community’s data, every table as CSV and JSON with its manifest, is in the attached file foyer-export-demo-garden-2026-03-02.zip: ${rows} rows. ` +
        'Unzip it into the folder foyer-export-demo-garden-2026-03-02 and run npm run import -- foyer-export-demo-garden-2026-03-02 to restore it into an empty database.',
    );
    expect(manifest.exportedAt).toBe(START.toISOString());
    expect(manifest.tables.find((t) => t.table === 'members')!.rows).toBe(1);
    // Buffered message metadata is written before the export, so the message just posted is in it.
    expect(manifest.tables.find((t) => t.table === 'message_activity')!.rows).toBe(1);
    const entries = Object.keys(unzipSync(file.content as Uint8Array));
    expect(entries).toContain('csv/members.csv');
    expect(entries).toContain('json/onboarding_steps.json');
  });

  it('is for admins: a moderator is refused before anything is exported', async () => {
    const { h, received } = await start();
    await h.command('mod', '/export');
    expect(received).toHaveLength(0);
    expect(h.lastReplyTo('mod')).toBe('Sorry, /export is for admins only.');
  });

  it('says when the export is too large for a file in chat, and which command writes it on the server', async () => {
    const storage = openTestStorage();
    const real = storage.archive;
    // The real export, measured against a limit it cannot fit in.
    const small: Storage = { ...storage, archive: { pack: (request) => real.pack({ ...request, maxBytes: 500 }) } };
    const { h, received } = await start(small);
    await h.command('admin', '/export');
    expect(received).toHaveLength(0);
    expect(h.lastReplyTo('admin')).toMatch(
      /^The export is \d+(\.\d)? MiB, more than the 8 MiB a file sent in chat may be \(\d+ rows\)\. On the server Foyer runs on, run npm run export -- --out exports\/demo-garden-2026-03-02 instead: it writes the same export into that folder\.$/,
    );
  });

  it('on a platform that cannot take files, points to npm run export', async () => {
    const { h } = await start(openTestStorage(), false);
    await h.command('admin', '/export');
    expect(h.lastReplyTo('admin')).toBe(
      'This platform cannot receive files from Foyer. On the server Foyer runs on, run npm run export -- --out exports/demo-garden-2026-03-02: it writes the export into that folder.',
    );
  });

  it('speaks French to an admin who chose it', async () => {
    const { h, received } = await start();
    await h.command('admin', '/language fr');
    await h.command('admin', '/export');
    expect(received[0]!.text).toMatch(
      /^Les données de la communauté, chaque table en CSV et en JSON avec son manifeste, sont dans le fichier joint foyer-export-demo-garden-2026-03-02\.zip : \d+ lignes\. Décompressez-le/,
    );
  });
});
