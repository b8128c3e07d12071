import { z } from 'zod';
import { duration, envName, kind, webAddress } from '../config/settings.ts';

/** `host:port`, an IPv6 host in brackets: `127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:8080`. */
const LISTEN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * The `web:` section. Without `listen` there is no web server at all: no port is opened
 * unless the operator asks for one, and then on loopback unless they name another address.
 */
export const webSettings = z
  .strictObject({
    /** Where the server listens, as host:port; loopback (`127.0.0.1:PORT`) unless you mean to expose it. */
    listen: kind(
      z
        .string()
        .regex(LISTEN)
        .refine((value) => Number(LISTEN.exec(value)?.[2] ?? 0) <= 65_535, 'the port is at most 65535'),
      'a host and port such as "127.0.0.1:8080"',
    ).optional(),
    /** The address people open (behind a reverse proxy, say); links use it. `http://LISTEN` when not given. */
    publicUrl: webAddress.optional(),
    /** The environment variable holding the dashboard links' signing secret (32 bytes or more). */
    secretEnv: envName.default('FOYER_WEB_SECRET'),
    /** How long a dashboard link `/dashboard` sends stays valid. */
    linkLifetime: duration.prefault('24h'),
    /** Readiness fails when the oldest due scheduler task has waited longer than this. */
    maxSchedulerLag: duration.prefault('5m'),
  })
  .prefault({});

export type WebSettings = z.infer<typeof webSettings>;

/** The host and port of `listen`, the brackets of an IPv6 host removed. */
export function listenAddress(listen: string): { host: string; port: number } {
  const [, host = '', port = '0'] = LISTEN.exec(listen) ?? [];
  return { host: host.replace(/^\[|\]$/g, ''), port: Number(port) };
}
