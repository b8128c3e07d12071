import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { LinkSigner } from '../../src/web/links.ts';
import { pickLocale } from '../../src/web/server.ts';
import { listenAddress } from '../../src/web/web.config.ts';
import { testConfig } from '../support/harness.ts';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const HOUR = 3_600_000;

describe('signed dashboard links', () => {
  it('open their own community until they expire, and not a millisecond after', () => {
    const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
    const signer = new LinkSigner(SECRET, clock);
    const { token, expiresAt } = signer.sign('garden', 'fr', 24 * HOUR);
    expect(expiresAt.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(signer.verify(token, 'garden')).toEqual({
      ok: true,
      claims: { community: 'garden', locale: 'fr', expiresAt },
    });
    clock.set(new Date(expiresAt.getTime() - 1));
    expect(signer.verify(token, 'garden').ok).toBe(true);
    clock.set(expiresAt);
    expect(signer.verify(token, 'garden')).toEqual({ ok: false, why: 'expired' });
  });

  it('are refused for another community, with another secret, or with any byte changed', () => {
    const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
    const signer = new LinkSigner(SECRET, clock);
    const { token } = signer.sign('garden', 'en', HOUR);
    expect(signer.verify(token, 'orchard')).toEqual({ ok: false, why: 'other-community' });
    const stranger = new LinkSigner(Buffer.from('another secret of thirty-two bytes!'), clock);
    expect(stranger.verify(token, 'garden')).toEqual({ ok: false, why: 'forged' });
    // A payload rewritten to live longer keeps the old signature: refused.
    const [payload, mac] = token.split('.') as [string, string];
    const longer = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), e: Date.parse('2030-01-01') }),
    ).toString('base64url');
    expect(signer.verify(`${longer}.${mac}`, 'garden')).toEqual({ ok: false, why: 'forged' });
    for (const bad of ['', 'nodot', `${payload}.`, `.${mac}`, `${token}.extra`, `${payload}.${mac.slice(1)}`])
      expect(signer.verify(bad, 'garden'), bad).toEqual({ ok: false, why: 'forged' });
  });

  it('need a secret of at least 32 bytes', () => {
    expect(() => new LinkSigner(Buffer.from('short'), new FakeClock(new Date()))).toThrow(/32 bytes/);
  });
});

describe('the viewer’s language', () => {
  it('is ?lang=, else the best of Accept-Language Foyer speaks, else the link’s', () => {
    expect(pickLocale('fr', 'en-GB,en;q=0.9', 'en')).toBe('fr');
    expect(pickLocale(undefined, 'de-DE,fr;q=0.8,en;q=0.5', 'en')).toBe('fr');
    expect(pickLocale(undefined, 'en;q=0.2, fr-CA;q=0.9', 'en')).toBe('fr');
    expect(pickLocale(undefined, 'de, es', 'fr')).toBe('fr');
    expect(pickLocale(undefined, undefined, 'fr')).toBe('fr');
    expect(pickLocale('xx', 'fr;q=0', 'en')).toBe('en');
  });
});

describe('the web: settings', () => {
  it('are off without listen, and read host:port, IPv6 in brackets', () => {
    expect(testConfig().web).toEqual({
      secretEnv: 'FOYER_WEB_SECRET',
      linkLifetime: 24 * HOUR,
      maxSchedulerLag: 5 * 60_000,
    });
    expect(testConfig({ web: { listen: '127.0.0.1:8080', linkLifetime: '2h' } }).web).toMatchObject({
      listen: '127.0.0.1:8080',
      linkLifetime: 2 * HOUR,
    });
    expect(listenAddress('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(listenAddress('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
  });

  it('refuse a listen address without a port, or with a port out of range, naming the setting', () => {
    for (const listen of ['localhost', '127.0.0.1:99999', 'http://127.0.0.1:80'])
      expect(() => testConfig({ web: { listen } }), listen).toThrow(/^web\.listen: /);
  });
});
