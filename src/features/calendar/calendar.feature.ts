import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../core/commands.ts';
import type { ChannelId, MemberId } from '../../core/ids.ts';
import { dateTimeProblemVars, zonedTimeToUtc } from '../../core/clock.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import {
  code,
  list,
  paragraph,
  PREVIEW_LENGTH,
  rich,
  strong,
  text,
  truncate,
  type Inline,
} from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { CALENDAR_TEXT_MAX, calendarConfig, calendarTextLength } from './calendar.config.ts';
import { calendarMessages, type CalendarMessageKey } from './calendar.messages.ts';
import { isRefusal, nextSlot, parseWhen, slotsWithin, type WhenRefusal } from './calendar.logic.ts';
import type { CalendarEntry } from './calendar.store.ts';

const PUBLISH = 'calendar.publish';

type CalendarTranslator = Translator<CalendarMessageKey | CoreMessageKey>;

/** Why a slot was not published, for the moderators' report (and, in English, for the log). */
type MissReason =
  | { kind: 'unreadable'; file: string; error: string }
  | { kind: 'tooLong'; length: number; max: number }
  | { kind: 'refused'; failure: string }
  | { kind: 'down' };

function missReason(t: CalendarTranslator, reason: MissReason): Inline[] {
  switch (reason.kind) {
    case 'unreadable':
      return t.t('calendar.missed.unreadable', { file: reason.file, error: reason.error });
    case 'tooLong':
      return t.t('calendar.missed.tooLong', { length: reason.length, max: reason.max });
    case 'refused':
      return t.t('calendar.missed.refused', { failure: reason.failure });
    case 'down':
      return t.t('calendar.missed.down');
  }
}

function refusalMessage(t: CalendarTranslator, refusal: WhenRefusal): Inline[] {
  switch (refusal.kind) {
    case 'unknown-timezone':
      return t.t('calendar.unknownTimezone', { timezone: refusal.timezone });
    case 'impossible':
      return t.t('calendar.impossibleDate', {
        when: refusal.typed,
        problem: t.t(`time.problem.${refusal.problem.kind}`, dateTimeProblemVars(refusal.problem)),
      });
    case 'past':
      return t.t('calendar.past', { when: refusal.typed, timezone: refusal.timezone });
    case 'unreadable':
      return t.t('calendar.unreadableWhen', { when: refusal.typed });
  }
}

/**
 * The editorial calendar: entries from YAML or /calendar add, draft → approved →
 * published by the approvers set in config. Each slot is published once; one missed
 * while Foyer was down goes out late within the grace window, otherwise it is reported
 * to moderators — never dropped silently, never doubled.
 */
export const calendarFeature = defineFeature({
  id: 'calendar',
  description: 'Editorial calendar with approval and exactly-once publication',
  needs: ['messages'] as const,
  optional: ['directMessages'],
  settings: calendarConfig,
  messages: calendarMessages,
  config: (calendar, { community, sharedChannel }) =>
    calendar.enabled ? { ...calendar, timezone: community.timezone, betaChannel: sharedChannel('beta') } : undefined,
  store: (stores) => stores.calendar,
  setup(ctx) {
    const { config, repo, community } = ctx;
    const entryId = (slug: string) => `${community.id}:${slug}`;
    const slugOf = (entry: CalendarEntry) => entry.id.slice(community.id.length + 1);

    const schedule = (entry: CalendarEntry, after: Date): void => {
      const slot = nextSlot(entry, after);
      if (slot)
        ctx.scheduler.schedule(PUBLISH, `${entry.id}:${slot.getTime()}`, slot, {
          entryId: entry.id,
          slot: slot.getTime(),
        });
    };

    /** A channel named in an entry, as the platform shows it (kept as typed when it is not configured). */
    const channelLabel = (name: string): Inline => {
      const channel = ctx.channel(name);
      return channel ? ctx.channelMention(channel) : text(`#${name}`);
    };
    const betaChannel = config.betaChannel ? ctx.channel(config.betaChannel) : undefined;
    /** Where an entry goes, as moderators read it: its channel, or the beta group. */
    const whereLabel = (t: CalendarTranslator, e: CalendarEntry): Inline =>
      e.audience === 'beta'
        ? betaChannel
          ? ctx.channelMention(betaChannel)
          : strong(...t.t('calendar.betaGroup'))
        : channelLabel(e.channel);

    /** A beta post without a beta channel reaches each beta member privately, through outreach. */
    async function sendToBeta(entry: CalendarEntry, slot: Date, body: string): Promise<void> {
      const dms = ctx.optionalPorts.directMessages;
      if (!dms) return;
      for (const member of ctx.groups.members('beta'))
        await ctx.outreach.contact(
          {
            member,
            effectKey: `${entry.id}:${slot.getTime()}:beta:${member}`,
            reason: 'calendar.reason.beta',
            via: 'dm',
          },
          () => dms.sendDirect(member, rich(paragraph(text(body)))),
        );
    }

    /** The coming week's posts for everyone, sent to each circle member privately before they go out. */
    async function previewForCircle(slot: Date): Promise<void> {
      const dms = ctx.optionalPorts.directMessages;
      if (!dms) return;
      const approved = repo.live(community.id).filter((e) => e.status === 'approved' && e.audience === 'everyone');
      const items = slotsWithin(approved, slot, new Date(slot.getTime() + 7 * 86_400_000));
      if (items.length === 0) return;
      for (const member of ctx.groups.members('circle')) {
        const t = ctx.translatorFor(member);
        const lines = items.map(({ at, e }) =>
          t.t('calendar.preview.item', {
            at: t.dateTime(at),
            channel: channelLabel(e.channel),
            preview: preview(t, e),
          }),
        );
        await ctx.outreach.contact(
          {
            member,
            effectKey: `calendar:${community.id}:preview:${slot.getTime()}:${member}`,
            reason: 'calendar.reason.preview',
            via: 'dm',
          },
          () => dms.sendDirect(member as MemberId, rich(paragraph(...t.t('calendar.preview.title')), list(lines))),
        );
      }
    }

    async function report(entry: CalendarEntry, slot: Date, reason: MissReason): Promise<void> {
      ctx.logger.warn('calendar post missed', { entry: entry.id, slot: slot.toISOString(), ...reason });
      const channel = config.reportChannel ? ctx.channel(config.reportChannel) : undefined;
      if (!channel) return;
      const message = ctx.t.t('calendar.missed', {
        id: slugOf(entry),
        due: ctx.t.dateTime(slot),
        channel: whereLabel(ctx.t, entry),
        reason: missReason(ctx.t, reason),
      });
      await ctx.ports.messages.send(channel, rich(paragraph(...message)));
    }

    async function publish(payload: { entryId: string; slot: number }): Promise<void> {
      const entry = repo.get(payload.entryId);
      if (!entry || entry.status !== 'approved') return;
      const slot = new Date(payload.slot);
      if (entry.cron) schedule(entry, slot);
      let body = entry.text;
      if (!body && entry.file) {
        try {
          body = ctx.readContentFile(entry.file).trim();
        } catch (error) {
          if (repo.claim(entry.id, slot, 'missed', ctx.clock.now()))
            await report(entry, slot, { kind: 'unreadable', file: entry.file, error: (error as Error).message });
          return;
        }
        // A file is read only now, so its length is checked now: a post goes out whole or not at all.
        const length = calendarTextLength(body);
        if (length > CALENDAR_TEXT_MAX) {
          if (repo.claim(entry.id, slot, 'missed', ctx.clock.now()))
            await report(entry, slot, { kind: 'tooLong', length, max: CALENDAR_TEXT_MAX });
          return;
        }
      }
      const channel: ChannelId | undefined = entry.audience === 'beta' ? betaChannel : ctx.channel(entry.channel);
      if (!body || (!channel && entry.audience !== 'beta')) return;
      // The slot is claimed before the post goes out: a crash here loses at most this post, never doubles it.
      if (!repo.claim(entry.id, slot, 'posted', ctx.clock.now())) return;
      if (!channel) {
        await sendToBeta(entry, slot, body);
        if (entry.at) repo.setStatus(entry.id, 'published');
        return;
      }
      const sent = await ctx.ports.messages.send(channel, rich(paragraph(text(body))));
      if (!sent.ok) await report(entry, slot, { kind: 'refused', failure: sent.error.kind });
      if (entry.at) repo.setStatus(entry.id, 'published');
    }

    async function onMissed(payload: { entryId: string; slot: number }): Promise<void> {
      const entry = repo.get(payload.entryId);
      if (!entry || entry.status !== 'approved') return;
      const slot = new Date(payload.slot);
      if (entry.cron) schedule(entry, ctx.clock.now());
      if (!repo.claim(entry.id, slot, 'missed', ctx.clock.now())) return;
      if (entry.at) repo.setStatus(entry.id, 'missed');
      await report(entry, slot, { kind: 'down' });
    }

    const status = (t: CalendarTranslator, e: CalendarEntry) => t.t(`calendar.status.${e.status}`);
    const preview = (t: CalendarTranslator, e: CalendarEntry) =>
      e.text !== null ? truncate(e.text, PREVIEW_LENGTH) : t.t('calendar.entry.file', { file: e.file ?? '' });

    /** One entry as moderators read it: its status, when it goes out next, where, by whom, and its start. */
    const describe = (t: CalendarTranslator, e: CalendarEntry): Inline[] => {
      const next = nextSlot(e, ctx.clock.now());
      const vars = {
        id: slugOf(e),
        status: status(t, e),
        channel: whereLabel(t, e),
        author: e.author,
        preview: preview(t, e),
      };
      if (!next) return t.t('calendar.entry.unscheduled', vars);
      if (e.cron)
        return t.t('calendar.entry.recurring', { ...vars, cron: e.cron, timezone: e.timezone, next: t.dateTime(next) });
      return t.t('calendar.entry.once', { ...vars, next: t.dateTime(next) });
    };
    const reply = (call: CommandCall<unknown>, message: Inline[]) =>
      call.reply(rich(paragraph(...message)), { private: true });
    const find = (slug: string) => repo.get(entryId(slug.trim().toLowerCase()));

    return {
      async ready() {
        const now = ctx.clock.now();
        for (const e of config.entries) {
          const timezone = e.timezone ?? config.timezone;
          const fresh = repo.insert({
            id: entryId(e.id),
            communityId: community.id,
            source: 'yaml',
            text: e.text ?? null,
            file: e.file ?? null,
            channel: e.channel ?? '',
            audience: e.audience,
            at: e.at ? (zonedTimeToUtc(e.at, timezone) ?? null) : null,
            cron: e.cron ?? null,
            timezone,
            status: e.status,
            author: e.author,
            approvedBy: e.status === 'approved' ? 'config' : null,
            approvedAt: e.status === 'approved' ? now : null,
            createdAt: now,
          });
          const stored = repo.get(entryId(e.id))!;
          if (!fresh && e.status === 'approved' && stored.status === 'draft')
            repo.setStatus(stored.id, 'approved', 'config', now);
        }
        for (const entry of repo.live(community.id))
          if (entry.status === 'approved') schedule(entry, entry.at ? new Date(0) : now);
      },
      jobs: config.circlePreview
        ? [
            {
              id: 'circlePreview',
              cron: config.circlePreview,
              // A preview is about the coming week: one missed while down is not sent late.
              missed: { kind: 'skip' },
              run: previewForCircle,
            },
          ]
        : [],
      tasks: [
        {
          kind: PUBLISH,
          missed: { kind: 'run-late', graceMs: config.grace },
          run: (t) => publish(t.payload as never),
          onMissed: (t) => onMissed(t.payload as never),
        },
      ],
      commands: [
        defineCommand({
          name: 'calendar add',
          description: 'calendar.command.add',
          args: z.object({
            when: z.string().min(1).describe('calendar.arg.when'),
            channel: z.string().min(1).describe('calendar.arg.channel'),
            text: z.string().min(1).describe('calendar.arg.text'),
          }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const when = parseWhen(call.args.when, config.timezone, ctx.clock.now());
            if (isRefusal(when)) return reply(call, refusalMessage(t, when));
            const length = calendarTextLength(call.args.text);
            if (length > CALENDAR_TEXT_MAX)
              return reply(call, t.t('calendar.textTooLong', { max: CALENDAR_TEXT_MAX, length }));
            const channel = call.args.channel.replace(/^#/, '');
            // `beta` names the beta group, unless a channel of that name is configured.
            const forBeta = !ctx.channel(channel) && /^(?:beta|bêta)$/i.test(channel);
            if (!forBeta && !ctx.channel(channel)) return reply(call, t.t('calendar.unknownChannel', { channel }));
            const slug = `c${repo.countCommandEntries(community.id) + 1}`;
            repo.insert({
              id: entryId(slug),
              communityId: community.id,
              source: 'command',
              text: call.args.text,
              file: null,
              channel: forBeta ? '' : channel,
              audience: forBeta ? 'beta' : 'everyone',
              at: when.kind === 'at' ? when.at : null,
              cron: when.kind === 'cron' ? when.cron : null,
              timezone: when.timezone,
              status: 'draft',
              author: call.invoker.displayName,
              approvedBy: null,
              approvedAt: null,
              createdAt: ctx.clock.now(),
            });
            await reply(
              call,
              t.t('calendar.added', { id: slug, command: code(ctx.commandLabel(`calendar approve ${slug}`)) }),
            );
          },
        }),
        defineCommand({
          name: 'calendar approve',
          description: 'calendar.command.approve',
          args: z.object({ id: z.string().min(1).describe('calendar.arg.id') }),
          role: config.approveRole,
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const entry = find(call.args.id);
            if (!entry) return reply(call, t.t('calendar.noEntry', { id: call.args.id }));
            if (entry.status !== 'draft')
              return reply(call, t.t('calendar.notDraft', { id: slugOf(entry), status: status(t, entry) }));
            repo.setStatus(entry.id, 'approved', call.invoker.id, ctx.clock.now());
            const approved: CalendarEntry = { ...entry, status: 'approved' };
            schedule(approved, entry.at ? new Date(0) : ctx.clock.now());
            await reply(call, t.t('calendar.approved', { entry: describe(t, approved) }));
          },
        }),
        defineCommand({
          name: 'calendar cancel',
          description: 'calendar.command.cancel',
          args: z.object({ id: z.string().min(1).describe('calendar.arg.id') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const entry = find(call.args.id);
            if (!entry || (entry.status !== 'draft' && entry.status !== 'approved'))
              return reply(call, t.t('calendar.noLiveEntry', { id: call.args.id }));
            repo.setStatus(entry.id, 'cancelled');
            await reply(call, t.t('calendar.cancelled', { id: slugOf(entry) }));
          },
        }),
        defineCommand({
          name: 'calendar list',
          description: 'calendar.command.list',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const entries = repo.live(community.id);
            if (entries.length === 0) return reply(call, t.t('calendar.empty'));
            const listed = rich(paragraph(...t.t('calendar.listTitle')), list(entries.map((e) => describe(t, e))));
            await call.reply(listed, { private: true });
          },
        }),
        defineCommand({
          name: 'calendar week',
          description: 'calendar.command.week',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const now = ctx.clock.now();
            const items = slotsWithin(repo.live(community.id), now, new Date(now.getTime() + 7 * 86_400_000));
            if (items.length === 0) return reply(call, t.t('calendar.weekEmpty'));
            const lines = items.map(({ at, e }) =>
              t.t('calendar.weekItem', {
                at: t.dateTime(at),
                id: slugOf(e),
                status: status(t, e),
                channel: whereLabel(t, e),
              }),
            );
            await call.reply(rich(paragraph(...t.t('calendar.weekTitle')), list(lines)), { private: true });
          },
        }),
      ],
    };
  },
});
