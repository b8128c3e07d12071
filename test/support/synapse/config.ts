import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export type RateLimits = 'default' | 'off';

export interface SynapseConfigInput {
  dir: string;
  port: number;
  serverName: string;
  registrationSharedSecret: string;
  rateLimits: RateLimits;
  /** Extra top-level keys, applied last (they replace the generated ones). */
  extra?: Record<string, unknown>;
}

/** Every client-facing rate limiter Synapse has (1.16x), set far beyond what a test can reach. */
function unlimitedRateLimits(): Record<string, unknown> {
  const lots = { per_second: 100_000, burst_count: 100_000 };
  return {
    rc_message: lots,
    rc_registration: lots,
    rc_registration_token_validity: lots,
    rc_login: { address: lots, account: lots, failed_attempts: lots },
    rc_admin_redaction: lots,
    rc_joins: { local: lots, remote: lots },
    rc_joins_per_room: lots,
    rc_3pid_validation: lots,
    rc_invites: { per_room: lots, per_user: lots, per_issuer: lots },
    rc_third_party_invite: lots,
    rc_media_create: lots,
    rc_presence: { per_user: lots },
    rc_delayed_event_mgmt: lots,
    rc_room_creation: lots,
    rc_reports: lots,
    rc_user_directory: lots,
    rc_profile: lots,
    rc_key_requests: lots,
  };
}

/**
 * homeserver.yaml for a throwaway, loopback-only Synapse. Written as JSON, which is YAML.
 * No TLS, SQLite, no registration, no federation in or out (no federation listener, an
 * empty federation whitelist, no trusted key servers), no URL previews, no stats.
 */
export function homeserverConfig(input: SynapseConfigInput): Record<string, unknown> {
  const { dir, port } = input;
  const secret = () => randomBytes(32).toString('hex');
  return {
    server_name: input.serverName,
    public_baseurl: `http://127.0.0.1:${port}/`,
    pid_file: join(dir, 'homeserver.pid'),
    listeners: [
      {
        port,
        bind_addresses: ['127.0.0.1'],
        type: 'http',
        tls: false,
        x_forwarded: false,
        // `client` also serves /_synapse/admin. No `federation` resource: nothing comes in.
        resources: [{ names: ['client'], compress: false }],
      },
    ],
    database: { name: 'sqlite3', args: { database: join(dir, 'homeserver.db') } },
    log_config: join(dir, 'log.config'),
    media_store_path: join(dir, 'media_store'),
    signing_key_path: join(dir, 'signing.key'),
    registration_shared_secret: input.registrationSharedSecret,
    macaroon_secret_key: secret(),
    form_secret: secret(),
    enable_registration: false,
    report_stats: false,
    enable_metrics: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    // An empty whitelist: Synapse federates with no one (no outbound requests).
    federation_domain_whitelist: [],
    allow_public_rooms_over_federation: false,
    url_preview_enabled: false,
    // Password hashing is most of the cost of registering a user; tests need no strength.
    bcrypt_rounds: 4,
    ...(input.rateLimits === 'off' ? unlimitedRateLimits() : {}),
    ...input.extra,
  };
}

/** Python logging config: WARNING and above to `homeserver.log` in the temp folder. */
export function logConfig(dir: string): Record<string, unknown> {
  return {
    version: 1,
    formatters: {
      precise: { format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s' },
    },
    handlers: {
      file: {
        class: 'logging.FileHandler',
        formatter: 'precise',
        filename: join(dir, 'homeserver.log'),
        encoding: 'utf8',
      },
    },
    loggers: { 'synapse.storage.SQL': { level: 'WARNING' } },
    root: { level: 'WARNING', handlers: ['file'] },
    disable_existing_loggers: false,
  };
}

/** A Synapse signing key file: `ed25519 <key id> <unpadded base64 of a 32-byte seed>`. */
export function signingKey(): string {
  const seed = randomBytes(32).toString('base64').replace(/=+$/, '');
  return `ed25519 a_${randomBytes(3).toString('hex')} ${seed}\n`;
}
