/**
 * Dashboard links: no accounts and no passwords, so the link itself is the key. It names
 * one community, the reader's language and an expiry, and carries an HMAC-SHA256 of those
 * under a secret only this process knows: a changed byte, another community or a past
 * expiry is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { LOCALES, type Locale } from '../core/i18n/translator.ts';

export interface LinkClaims {
  community: string;
  locale: Locale;
  expiresAt: Date;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; why: 'forged' | 'expired' | 'other-community' };

/** At least 32 bytes: HMAC-SHA256's own block strength. */
export const MIN_SECRET_BYTES = 32;

/** A secret for this run only, when the operator set none: links then die with the process. */
export const ephemeralSecret = (): Buffer => randomBytes(MIN_SECRET_BYTES);

const encode = (bytes: Buffer): string => bytes.toString('base64url');

export class LinkSigner {
  readonly #secret: Buffer;
  readonly #clock: Clock;

  constructor(secret: Buffer, clock: Clock) {
    if (secret.length < MIN_SECRET_BYTES) throw new Error(`the link secret needs at least ${MIN_SECRET_BYTES} bytes`);
    this.#secret = secret;
    this.#clock = clock;
  }

  #mac(payload: string): Buffer {
    return createHmac('sha256', this.#secret).update(payload).digest();
  }

  /** A token for `community`, readable until `lifetimeMs` from now. */
  sign(community: string, locale: Locale, lifetimeMs: number): { token: string; expiresAt: Date } {
    const expiresAt = new Date(this.#clock.now().getTime() + lifetimeMs);
    const payload = encode(Buffer.from(JSON.stringify({ c: community, l: locale, e: expiresAt.getTime() })));
    return { token: `${payload}.${encode(this.#mac(payload))}`, expiresAt };
  }

  /**
   * A token carrying `subject` for one `purpose` (a feature's link): the purpose is under the
   * MAC but not in the token, so a token made for one purpose, or a dashboard link, is forged for another.
   */
  signSubject(purpose: string, subject: string, lifetimeMs: number): { token: string; expiresAt: Date } {
    const expiresAt = new Date(this.#clock.now().getTime() + lifetimeMs);
    const payload = encode(Buffer.from(JSON.stringify({ s: subject, e: expiresAt.getTime() })));
    return { token: `${payload}.${encode(this.#mac(`${purpose}\n${payload}`))}`, expiresAt };
  }

  verifySubject(
    purpose: string,
    token: string,
  ): { ok: true; subject: string } | { ok: false; why: 'forged' | 'expired' } {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return { ok: false, why: 'forged' };
    const given = Buffer.from(mac, 'base64url');
    const expected = this.#mac(`${purpose}\n${payload}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'forged' };
    try {
      const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s?: unknown; e?: unknown };
      if (typeof raw.s !== 'string' || typeof raw.e !== 'number') return { ok: false, why: 'forged' };
      if (raw.e <= this.#clock.now().getTime()) return { ok: false, why: 'expired' };
      return { ok: true, subject: raw.s };
    } catch {
      return { ok: false, why: 'forged' };
    }
  }

  /** Checks the signature first, so nothing of a forged token is believed, then the community and the expiry. */
  verify(token: string, community: string): LinkCheck {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return { ok: false, why: 'forged' };
    const given = Buffer.from(mac, 'base64url');
    const expected = this.#mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'forged' };
    const claims = readClaims(payload);
    if (!claims) return { ok: false, why: 'forged' };
    if (claims.community !== community) return { ok: false, why: 'other-community' };
    if (claims.expiresAt.getTime() <= this.#clock.now().getTime()) return { ok: false, why: 'expired' };
    return { ok: true, claims };
  }
}

function readClaims(payload: string): LinkClaims | undefined {
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      c?: unknown;
      l?: unknown;
      e?: unknown;
    };
    if (typeof raw.c !== 'string' || typeof raw.e !== 'number') return undefined;
    const locale = (LOCALES as readonly unknown[]).includes(raw.l) ? (raw.l as Locale) : 'en';
    return { community: raw.c, locale, expiresAt: new Date(raw.e) };
  } catch {
    return undefined;
  }
}
