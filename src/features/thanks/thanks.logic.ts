import type { MemberId } from '../../core/ids.ts';

/** Why a thanks does not count. */
export type Refusal = 'self' | 'bot' | 'cooldown' | 'tooOld';

export interface ThanksAttempt {
  giver: MemberId;
  receiver: MemberId;
  at: Date;
  /** The receiver is a bot (Foyer among them), as far as the platform says. */
  receiverIsBot: boolean;
  /** When the giver last thanked the receiver. */
  lastBetween: Date | undefined;
  cooldownMs: number;
  /** For a reaction: when the thanked message was posted, and the age limit. */
  message?: { postedAt: Date; maxAgeMs: number };
}

/** The anti-abuse rules, in the order a member is told about them; undefined when the thanks counts. */
export function refusalOf(a: ThanksAttempt): Refusal | undefined {
  if (a.giver === a.receiver) return 'self';
  if (a.receiverIsBot) return 'bot';
  if (a.message && a.at.getTime() - a.message.postedAt.getTime() > a.message.maxAgeMs) return 'tooOld';
  if (a.lastBetween && a.at.getTime() - a.lastBetween.getTime() < a.cooldownMs) return 'cooldown';
  return undefined;
}

/** When the giver's next thanks to the same member counts. */
export const cooldownEnds = (last: Date, cooldownMs: number): Date => new Date(last.getTime() + cooldownMs);

/** Emoji compared without variation selectors: 🙏 and 🙏︎ are the same reaction to a member. */
export const sameEmoji = (a: string, b: string): boolean =>
  a.replace(/\uFE0F|\uFE0E/g, '') === b.replace(/\uFE0F|\uFE0E/g, '');

/** What the member typed after the member, without the "for" they may have typed first. */
export const reasonText = (typed: string | undefined): string | undefined =>
  typed
    ?.trim()
    .replace(/^(for|pour)\s+/i, '')
    .trim() || undefined;

/** The period `/thanks stats` covers, parsed from `7d`, `30d`, `12w` (default 30 days). */
export function statsPeriodDays(typed: string | undefined): number | undefined {
  if (typed === undefined || typed.trim() === '') return 30;
  const match = /^(\d{1,4})\s*([dwjs])$/i.exec(typed.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const days = unit === 'w' || unit === 's' ? n * 7 : n;
  return days >= 1 && days <= 3660 ? days : undefined;
}
