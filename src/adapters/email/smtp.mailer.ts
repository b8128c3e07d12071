/**
 * The Mailer port over SMTP, with nodemailer: one pooled connection (newsletters go out one
 * mail at a time, so the send loop can commit each server reply before the next mail).
 */
import nodemailer from 'nodemailer';
import type { Logger } from '../../core/logger.ts';
import type { MailMessage, MailOutcome, Mailer } from '../../core/ports.ts';

export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send over a connection STARTTLS did not protect. */
  requireTls: boolean;
  user?: string;
  /** From the environment only (`passwordEnv`). */
  password?: string;
  from: string;
  logger: Logger;
}

export function createSmtpMailer(options: SmtpOptions): Mailer {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: !options.secure && options.requireTls,
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    pool: true,
    maxConnections: 1,
  });
  return {
    from: options.from,
    async send(mail: MailMessage): Promise<MailOutcome> {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          ...(mail.headers ? { headers: mail.headers } : {}),
        });
        return { accepted: true, response: String(info.response ?? '') };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        options.logger.warn('mail not accepted', { code, error: String(error) });
        return { accepted: false, permanent: code !== undefined && code >= 500, error: String(error) };
      }
    },
    async close() {
      transport.close();
    },
  };
}
