import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import { dateTimeProblemVars, formatUtc as fmt, zonedTimeToUtc } from '../../core/clock.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { list, paragraph, plain, PREVIEW_LENGTH, rich, text, truncate, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { CALENDAR_TEXT_MAX, calendarConfig, calendarTextLength } from './calendar.config.ts';
import { calendarMessages, type CalendarMessageKey } from './calendar.messages.ts';
import { isRefusal, nextSlot, parseWhen, slotsWithin, type WhenRefusal } from './calendar.logic.ts';
import type { CalendarEntry } from './calendar.store.ts';

const PUBLISH = 'calendar.publish';

function refusalMessage(t: Translator<CalendarMessageKey | CoreMessageKey>, refusal: WhenRefusal): Inline[] {
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
  settings: calendarConfig,
  messages: calendarMessages,
  config: (calendar, { community }) => (calendar.enabled ? { ...calendar, timezone: community.timezone } : undefined),
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

    async function report(entry: CalendarEntry, slot: Date, why: string): Promise<void> {
      ctx.logger.warn('calendar post missed', { entry: entry.id, slot: slot.toISOString(), why });
      const channel = config.reportChannel ? ctx.channel(config.reportChannel) : undefined;
      if (channel)
        await ctx.ports.messages.send(
          channel,
          plain(
            `Calendar: "${slugOf(entry)}" was due ${fmt(slot)} in #${entry.channel} and was not published (${why}). Publish it by hand if it still matters.`,
          ),
        );
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
            await report(entry, slot, `cannot read ${entry.file}: ${(error as Error).message}`);
          return;
        }
        // A file is read only now, so its length is checked now: a post goes out whole or not at all.
        const length = calendarTextLength(body);
        if (length > CALENDAR_TEXT_MAX) {
          if (repo.claim(entry.id, slot, 'missed', ctx.clock.now()))
            await report(
              entry,
              slot,
              `its text has ${length} characters, more than the ${CALENDAR_TEXT_MAX} a calendar post can have`,
            );
          return;
        }
      }
      const channel = ctx.channel(entry.channel);
      if (!channel || !body) return;
      // The slot is claimed before the post goes out: a crash here loses at most this post, never doubles it.
      if (!repo.claim(entry.id, slot, 'posted', ctx.clock.now())) return;
      const sent = await ctx.ports.messages.send(channel, plain(body));
      if (!sent.ok) await report(entry, slot, `the platform refused it: ${sent.error.kind}`);
      if (entry.at) repo.setStatus(entry.id, 'published');
    }

    async function onMissed(payload: { entryId: string; slot: number }): Promise<void> {
      const entry = repo.get(payload.entryId);
      if (!entry || entry.status !== 'approved') return;
      const slot = new Date(payload.slot);
      if (entry.cron) schedule(entry, ctx.clock.now());
      if (!repo.claim(entry.id, slot, 'missed', ctx.clock.now())) return;
      if (entry.at) repo.setStatus(entry.id, 'missed');
      await report(entry, slot, 'Foyer was not running, and the grace window had passed');
    }

    const describe = (e: CalendarEntry): string => {
      const next = nextSlot(e, ctx.clock.now());
      return `${slugOf(e)} [${e.status}] ${e.cron ? `cron "${e.cron}" (${e.timezone})` : ''}${next ? ` next ${fmt(next)}` : ''} in #${e.channel} by ${e.author}: ${truncate(e.text ?? `file ${e.file}`, PREVIEW_LENGTH)}`;
    };
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
            channel: e.channel,
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
          description:
            'Moderators: add a draft post — WHEN CHANNEL TEXT (WHEN: 2026-12-01T09:00 or "0 9 * * 1", optionally @Timezone)',
          args: z.object({
            when: z.string().min(1).describe('2026-12-01T09:00 or "0 9 * * 1", optionally @Europe/Paris'),
            channel: z.string().min(1).describe('a channel name'),
            text: z.string().min(1).describe(`what to post (at most ${CALENDAR_TEXT_MAX} characters)`),
          }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const when = parseWhen(call.args.when, config.timezone, ctx.clock.now());
            if (isRefusal(when)) return call.reply(rich(paragraph(...refusalMessage(t, when))), { private: true });
            const length = calendarTextLength(call.args.text);
            if (length > CALENDAR_TEXT_MAX)
              return call.reply(rich(paragraph(...t.t('calendar.textTooLong', { max: CALENDAR_TEXT_MAX, length }))), {
                private: true,
              });
            const channel = call.args.channel.replace(/^#/, '');
            if (!ctx.channel(channel))
              return call.reply(plain(`Unknown channel "${channel}": use a channel name from the configuration.`), {
                private: true,
              });
            const slug = `c${repo.countCommandEntries(community.id) + 1}`;
            repo.insert({
              id: entryId(slug),
              communityId: community.id,
              source: 'command',
              text: call.args.text,
              file: null,
              channel,
              at: when.kind === 'at' ? when.at : null,
              cron: when.kind === 'cron' ? when.cron : null,
              timezone: when.timezone,
              status: 'draft',
              author: call.invoker.displayName,
              approvedBy: null,
              approvedAt: null,
              createdAt: ctx.clock.now(),
            });
            await call.reply(
              plain(`Draft ${slug} added. It goes out once approved: ${ctx.commandLabel(`calendar approve ${slug}`)}.`),
              { private: true },
            );
          },
        }),
        defineCommand({
          name: 'calendar approve',
          description: 'Approvers: approve a draft so it is published on time',
          args: z.object({ id: z.string().min(1).describe('the entry id') }),
          role: config.approveRole,
          async run(call) {
            const entry = find(call.args.id);
            if (!entry) return call.reply(plain(`No calendar entry "${call.args.id}".`), { private: true });
            if (entry.status !== 'draft')
              return call.reply(plain(`"${slugOf(entry)}" is ${entry.status}, not a draft.`), { private: true });
            repo.setStatus(entry.id, 'approved', call.invoker.id, ctx.clock.now());
            schedule({ ...entry, status: 'approved' }, entry.at ? new Date(0) : ctx.clock.now());
            await call.reply(plain(`Approved: ${describe({ ...entry, status: 'approved' })}`), { private: true });
          },
        }),
        defineCommand({
          name: 'calendar cancel',
          description: 'Moderators: cancel an entry (nothing more is published from it)',
          args: z.object({ id: z.string().min(1).describe('the entry id') }),
          role: 'moderator',
          async run(call) {
            const entry = find(call.args.id);
            if (!entry || (entry.status !== 'draft' && entry.status !== 'approved'))
              return call.reply(plain(`No live calendar entry "${call.args.id}".`), { private: true });
            repo.setStatus(entry.id, 'cancelled');
            await call.reply(plain(`Cancelled "${slugOf(entry)}".`), { private: true });
          },
        }),
        defineCommand({
          name: 'calendar list',
          description: 'Moderators: every draft and approved entry',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const entries = repo.live(community.id);
            await call.reply(
              entries.length === 0
                ? plain('The calendar is empty.')
                : rich(paragraph(text('Calendar:')), list(entries.map((e) => [text(describe(e))]))),
              { private: true },
            );
          },
        }),
        defineCommand({
          name: 'calendar week',
          description: 'What goes out in the next 7 days',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const now = ctx.clock.now();
            const items = slotsWithin(repo.live(community.id), now, new Date(now.getTime() + 7 * 86_400_000));
            await call.reply(
              items.length === 0
                ? plain('Nothing goes out in the next 7 days.')
                : rich(
                    paragraph(text('Next 7 days:')),
                    list(items.map(({ at, e }) => [text(`${fmt(at)} — ${slugOf(e)} [${e.status}] in #${e.channel}`)])),
                  ),
              { private: true },
            );
          },
        }),
      ],
    };
  },
});
