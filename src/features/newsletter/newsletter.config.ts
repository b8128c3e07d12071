import { z } from 'zod';
import { duration, durationSetting, envName, kind } from '../../config/settings.ts';
import { checkCron } from '../../core/scheduler.ts';
import type { FeatureSettings } from '../define.ts';

const mailAddress = kind(
  z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/),
  'an email address such as news@example.org',
);

const smtp = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65_535).default(587),
  /** true: TLS from the first byte (usually port 465); false: STARTTLS. */
  secure: z.boolean().default(false),
  /** Without implicit TLS, refuse to send unless STARTTLS protects the connection. */
  requireTls: z.boolean().default(true),
  user: z.string().min(1).optional(),
  /** The password is read from this environment variable, never from this file. */
  passwordEnv: envName.default('FOYER_SMTP_PASSWORD'),
  /** The sender, e.g. `Garden news <news@example.org>`. */
  from: z.string().min(3).optional(),
});

export const newsletterSettings = z.strictObject({
  enabled: z.boolean().default(false),
  smtp: smtp.prefault({}),
  /** A mailbox that unsubscribes whoever writes to it, offered in List-Unsubscribe beside the link. */
  unsubscribeMailto: mailAddress.optional(),
  /** How long a confirmation link or code works. */
  confirmWithin: duration.prefault('48h'),
  /** What an issue covers: the period before `/newsletter send` or the scheduled send. */
  period: duration.prefault('7d'),
  /**
   * When an issue goes out by itself (a cron expression in the community's timezone, e.g.
   * "0 9 * * 1": Mondays at 09:00); without it, only `/newsletter send` sends one.
   */
  schedule: z.string().optional(),
  /** Subscribers who are members active in the period get no copy (they saw it all in chat). */
  skipActiveMembers: z.boolean().default(true),
  /** Mails per batch, and the pause between batches, for the SMTP server's limits. */
  batchSize: z.number().int().min(1).max(1_000).default(50),
  batchPause: durationSetting({ zeroAllowed: true }).prefault('2s'),
});

export type NewsletterSettings = z.infer<typeof newsletterSettings>;

export const newsletterConfig: FeatureSettings<NewsletterSettings, 'newsletter'> = {
  key: 'newsletter',
  schema: newsletterSettings,
  check(settings, { at, error, community }) {
    if (!settings.enabled) return;
    if (settings.schedule !== undefined) {
      const problem = checkCron(settings.schedule, community.timezone);
      if (problem) error([...at, 'schedule'], `the cron expression does not parse: ${problem}`);
    }
    if (!settings.smtp.host) error([...at, 'smtp', 'host'], 'the newsletter needs the SMTP server (smtp.host)', true);
    if (!settings.smtp.from)
      error([...at, 'smtp', 'from'], 'the newsletter needs the address mails come from (smtp.from)', true);
  },
};
