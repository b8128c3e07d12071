import { z } from 'zod';
import { defineCommand, type CommandDef } from '../../core/commands.ts';
import type { MemberRef } from '../../core/events.ts';
import { LOCALES } from '../../core/i18n/translator.ts';
import { code, link, list, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import { checklist, matchInterests, shareOf } from './onboarding.logic.ts';
import type { OnboardingContext } from './onboarding.feature.ts';

/** Shown instead of a share when nobody joined: the same in every language. */
const NO_SHARE = '–';

/** A share as a whole percentage in the reader's language ("25%", "25 %"). */
const shareText = (t: OnboardingContext['t'], share: number | undefined): string =>
  share === undefined ? NO_SHARE : t.number(share, { style: 'percent', maximumFractionDigits: 0 });

/** `/onboarding`, `/rules`, `/rules accept`, `/interests`, `/language`. */
export function onboardingCommands(
  ctx: OnboardingContext,
  completeStep: (member: MemberRef, step: 'code-of-conduct' | 'interests', detail?: string) => Promise<boolean>,
): CommandDef[] {
  const { config, community, repo } = ctx;
  const coc = ctx.community;
  const codeOfConduct = config.codeOfConduct;

  const stepLine = (step: string, t: ReturnType<typeof ctx.translatorFor>): Inline[] => {
    switch (step) {
      case 'code-of-conduct':
        return t.t('onboarding.step.code-of-conduct', { command: code(ctx.commandLabel('rules accept')) });
      case 'introduce':
        return t.t('onboarding.step.introduce', { channel: text(`#${config.introChannel ?? ''}`) });
      case 'photo':
        return t.t('onboarding.step.photo');
      default:
        return t.t('onboarding.step.interests', { command: code(ctx.commandLabel('interests')) });
    }
  };

  return [
    defineCommand({
      name: 'onboarding',
      description: 'onboarding.command.onboarding',
      args: z.object({}),
      role: 'member',
      async run(call) {
        const t = ctx.translatorFor(call.invoker.id);
        const done = new Set(repo.progress(community.id, call.invoker.id).map((r) => r.step));
        const items = checklist(config.steps, done);
        const record = ctx.members.get(call.invoker.id);
        const blocks = [
          paragraph(
            ...t.t('onboarding.title', {
              community: coc.name,
              done: items.filter((i) => i.done).length,
              total: items.length,
            }),
          ),
          list(
            items.map((i) => [
              text(i.done ? '[x] ' : '[ ] '),
              ...stepLine(i.step, t),
              text(
                ` (${t
                  .t(i.done ? 'onboarding.done' : 'onboarding.todo')
                  .map((n) => (n.type === 'text' ? n.text : ''))
                  .join('')})`,
              ),
            ]),
          ),
        ];
        if (record?.firstMessageAt)
          blocks.push(paragraph(...t.t('onboarding.activated', { date: t.dateTime(record.firstMessageAt) })));
        await call.reply(rich(...blocks), { private: true });
      },
    }),
    defineCommand({
      name: 'rules',
      description: 'onboarding.command.rules',
      args: z.object({}),
      role: 'member',
      async run(call) {
        const t = ctx.translatorFor(call.invoker.id);
        const blocks = [];
        if (codeOfConduct.url) blocks.push(paragraph(...t.t('rules.read', { link: link(codeOfConduct.url) })));
        if (codeOfConduct.summary) blocks.push(paragraph(text(codeOfConduct.summary)));
        if (codeOfConduct.rules.length)
          blocks.push(list(codeOfConduct.rules.map((rule, i) => [text(`${i + 1}. ${rule}`)])));
        if (config.steps.includes('code-of-conduct'))
          blocks.push(
            paragraph(...t.t('onboarding.step.code-of-conduct', { command: code(ctx.commandLabel('rules accept')) })),
          );
        await call.reply(rich(...blocks), { private: true });
      },
    }),
    defineCommand({
      name: 'rules accept',
      description: 'onboarding.command.rules.accept',
      args: z.object({}),
      role: 'member',
      async run(call) {
        const t = ctx.translatorFor(call.invoker.id);
        const fresh = await completeStep(call.invoker, 'code-of-conduct');
        await call.reply(rich(paragraph(...t.t(fresh ? 'rules.accepted' : 'rules.alreadyAccepted'))), {
          private: true,
        });
      },
    }),
    defineCommand({
      name: 'interests',
      description: 'onboarding.command.interests',
      args: z.object({
        interests: z.array(z.string()).max(25).optional().describe('onboarding.arg.interests'),
      }),
      role: 'member',
      async run(call) {
        const t = ctx.translatorFor(call.invoker.id);
        const options = text(config.interests.join(', '));
        const typed = call.args.interests ?? [];
        if (typed.length === 0)
          return call.reply(
            rich(
              paragraph(
                ...t.t('interests.options', {
                  command: code(ctx.commandLabel(`interests ${config.interests.slice(0, 2).join(', ')}`)),
                  options,
                }),
              ),
            ),
            { private: true },
          );
        const { picked, unknown } = matchInterests(typed, config.interests);
        if (unknown.length > 0 || picked.length === 0)
          return call.reply(
            rich(paragraph(...t.t('interests.unknown', { unknown: text(unknown.join(', ')), options }))),
            { private: true },
          );
        await completeStep(call.invoker, 'interests', picked.join(', '));
        await call.reply(rich(paragraph(...t.t('interests.saved', { interests: text(picked.join(', ')) }))), {
          private: true,
        });
      },
    }),
    defineCommand({
      name: 'onboarding stats',
      description: 'onboarding.command.onboarding.stats',
      args: z.object({
        days: z.coerce.number().int().min(1).max(365).default(30).describe('onboarding.arg.days'),
      }),
      role: 'moderator',
      async run(call) {
        const t = ctx.translatorFor(call.invoker.id);
        const since = new Date(ctx.clock.now().getTime() - call.args.days * 86_400_000);
        const cohort = ctx.members.cohort(since);
        const figure = (count: number) => ({
          count: t.number(count),
          share: shareText(t, shareOf(count, cohort.joined)),
        });
        await call.reply(
          rich(
            paragraph(...t.plural('onboarding.stats.title', call.args.days, { joined: t.number(cohort.joined) })),
            list([
              t.t('onboarding.stats.activated', figure(cohort.activated)),
              t.t('onboarding.stats.onboarded', figure(cohort.onboarded)),
              t.t('onboarding.stats.withPhoto', figure(cohort.withPhoto)),
            ]),
          ),
          { private: true },
        );
      },
    }),
    defineCommand({
      name: 'language',
      description: 'onboarding.command.language',
      args: z.object({ locale: z.enum(LOCALES).describe('onboarding.arg.locale') }),
      role: 'member',
      async run(call) {
        ctx.memberSettings.setLocale(call.invoker.id, call.invoker.displayName, call.args.locale);
        await call.reply(
          rich(paragraph(...ctx.translatorFor(call.invoker.id).forLocale(call.args.locale).t('language.set'))),
          { private: true },
        );
      },
    }),
  ];
}
