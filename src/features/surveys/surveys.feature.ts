import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../core/commands.ts';
import { DAY } from '../../core/clock.ts';
import type { MemberId } from '../../core/ids.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import {
  code,
  list,
  mention,
  paragraph,
  rich,
  text,
  type Block,
  type Inline,
  type RichText,
} from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { surveysConfig, type SurveysConfig } from './surveys.config.ts';
import { parseSample, SCALE, scoreOf, shuffled } from './surveys.logic.ts';
import { surveysMessages, type SurveysMessageKey } from './surveys.messages.ts';
import { SURVEY_KINDS, type Survey, type SurveyKind } from './surveys.store.ts';

type SurveysTranslator = Translator<SurveysMessageKey | CoreMessageKey>;

const CLOSE = 'surveys.close';
const COMMENT_MAX = 500;

const kindName = (t: SurveysTranslator, kind: SurveyKind) => t.t(`surveys.kind.${kind}`);

function question(t: SurveysTranslator, survey: Survey, community: string): Inline[] {
  const { min, max } = SCALE[survey.kind];
  return survey.question
    ? t.t('surveys.ask.custom', { question: survey.question, min, max })
    : t.t(`surveys.ask.${survey.kind}`, { community });
}

/** What moderators see: nothing but the count below the threshold; from it, the score, the distribution, the comments. */
function resultBlocks(t: SurveysTranslator, survey: Survey, scores: number[], comments: string[]): Block[] {
  const state = survey.closedAt
    ? t.t('surveys.state.closed', { closed: t.date(survey.closedAt) })
    : t.t('surveys.state.open', { closes: t.dateTime(survey.closesAt) });
  const title = paragraph(
    ...t.t('surveys.results.title', {
      id: survey.id,
      kind: kindName(t, survey.kind),
      state,
      answers: t.plural('surveys.answers', scores.length, { count: t.number(scores.length) }),
      asked: t.plural('surveys.members', survey.asked, { count: t.number(survey.asked) }),
    }),
  );
  if (scores.length < survey.minResponses)
    return [title, paragraph(...t.t('surveys.results.notEnough', { threshold: survey.minResponses }))];
  const score = scoreOf(survey.kind, scores);
  const { min } = SCALE[survey.kind];
  const cells = score.distribution
    .map((count, i) => t.t('surveys.results.cell', { score: min + i, count: t.number(count) }))
    .flatMap((cell, i) => (i === 0 ? cell : [text(' · '), ...cell]));
  const headline =
    survey.kind === 'satisfaction'
      ? t.t('surveys.results.mean', { mean: t.number(score.mean!, { maximumFractionDigits: 1 }) })
      : t.t('surveys.results.nps', {
          nps: t.number(score.nps!, { signDisplay: 'exceptZero' }),
          promoters: t.number(score.promoters!),
          passives: t.number(score.passives!),
          detractors: t.number(score.detractors!),
        });
  return [
    title,
    paragraph(...headline),
    paragraph(...t.t('surveys.results.distribution', { cells })),
    ...(comments.length === 0
      ? [paragraph(...t.t('surveys.results.noComments'))]
      : [paragraph(...t.t('surveys.results.comments')), list(comments.map((c) => [text(c)]))]),
  ];
}

const startArgs = z.object({
  kind: z.enum(SURVEY_KINDS).describe('surveys.arg.kind'),
  sample: z.string().optional().describe('surveys.arg.sample'),
  days: z.coerce.number().int().min(1).max(60).optional().describe('surveys.arg.days'),
});

/**
 * Member research: a moderator asks one question (satisfaction 1–5, or recommendation
 * 0–10 for an NPS) privately to a random sample of members, within the outreach limits.
 * Results stay hidden below `minResponses` answers and never say who answered what; when
 * the survey closes its answers stop naming their authors.
 */
export const surveysFeature = defineFeature({
  id: 'surveys',
  description: 'Short anonymous member surveys: satisfaction or recommendation, sent to a random sample',
  needs: ['directMessages'] as const,
  optional: ['profiles'],
  settings: surveysConfig,
  messages: surveysMessages,
  config: (settings: SurveysConfig) => (settings.enabled ? settings : undefined),
  store: (stores) => stores.surveys,
  memberData(store, member, t, community) {
    const own = store.answersOf(community.id, member);
    if (own.length === 0) return undefined;
    return {
      key: 'surveys',
      data: own,
      lines: own.map((a) => {
        const vars = { id: a.surveyId, kind: kindName(t, a.kind), score: a.score };
        return a.comment
          ? t.t('surveys.data.answer.comment', { ...vars, comment: a.comment })
          : t.t('surveys.data.answer', vars);
      }),
    };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const label = (name: string) => code(ctx.commandLabel(name));
    const say = (call: CommandCall<unknown>, ...inlines: Inline[]) =>
      call.reply(rich(paragraph(...inlines)), { private: true });

    async function isBot(member: MemberId): Promise<boolean> {
      const profile = await ctx.optionalPorts.profiles?.getProfile(member);
      return profile?.ok === true && profile.value.bot === true;
    }

    function invitation(member: MemberId, name: string, survey: Survey): RichText {
      const t = ctx.translatorFor(member);
      const { min, max } = SCALE[survey.kind];
      return rich(
        paragraph(...t.t('surveys.ask.intro', { member: mention(member, name), community: community.name })),
        paragraph(...question(t, survey, community.name)),
        paragraph(
          ...t.t('surveys.ask.how', {
            example: code(`${ctx.commandLabel('survey answer')} ${max}`),
            min,
            max,
            threshold: survey.minResponses,
            closes: t.dateTime(survey.closesAt),
          }),
        ),
      );
    }

    /** Asks members in random order until `wanted` were asked; members over their DM limits are passed over. */
    async function send(survey: Survey, wanted: number): Promise<{ asked: number; capped: number }> {
      const now = ctx.clock.now();
      let asked = 0;
      let capped = 0;
      const eligible = repo.candidates(community.id).filter((c) => !c.dmOptedOut);
      for (const c of shuffled(eligible)) {
        if (asked >= wanted) break;
        if (ctx.outreach.nextAllowed(c.member).getTime() > now.getTime()) {
          capped++;
          continue;
        }
        if (await isBot(c.member)) continue;
        // The invitation exists before the message, so an answer typed at once is accepted.
        repo.invite(community.id, survey.id, c.member, now);
        const outcome = await ctx.outreach.contact(
          {
            member: c.member,
            effectKey: `survey:${community.id}:${survey.id}:${c.member}`,
            reason: 'surveys.reason',
            via: 'dm',
          },
          () => ctx.ports.directMessages.sendDirect(c.member, invitation(c.member, c.displayName, survey)),
        );
        if (outcome === 'sent') asked++;
        else {
          repo.uninvite(community.id, survey.id, c.member);
          if (outcome === 'capped') capped++;
        }
      }
      repo.setAsked(community.id, survey.id, asked);
      return { asked, capped };
    }

    const openSurvey = (): Survey | undefined => {
      const latest = repo.latest(community.id);
      return latest && !latest.closedAt ? latest : undefined;
    };

    return {
      tasks: [
        {
          kind: CLOSE,
          missed: { kind: 'catch-up' },
          run: async (task) =>
            void repo.close(community.id, (task.payload as { survey: number }).survey, ctx.clock.now()),
        },
      ],
      commands: [
        defineCommand({
          name: 'survey start',
          description: 'surveys.command.survey.start',
          args: startArgs,
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const open = openSurvey();
            if (open)
              return say(
                call,
                ...t.t('surveys.alreadyOpen', {
                  id: open.id,
                  closes: t.dateTime(open.closesAt),
                  command: label('survey close'),
                }),
              );
            const eligible = repo.candidates(community.id).filter((c) => !c.dmOptedOut).length;
            const wanted = call.args.sample === undefined ? config.sample : parseSample(call.args.sample, eligible);
            if (wanted === undefined) return say(call, ...t.t('surveys.badSample', { typed: call.args.sample! }));
            const now = ctx.clock.now();
            const survey = repo.create(community.id, {
              kind: call.args.kind,
              question: config.questions[call.args.kind] ?? null,
              startedBy: call.invoker.id,
              startedAt: now,
              closesAt: new Date(now.getTime() + (call.args.days ?? config.days) * DAY),
              minResponses: config.minResponses,
            });
            ctx.scheduler.schedule(CLOSE, String(survey.id), survey.closesAt, { survey: survey.id });
            const { asked, capped } = await send(survey, wanted);
            if (asked === 0) {
              repo.close(community.id, survey.id, ctx.clock.now());
              return say(call, ...t.t('surveys.started.nobody'));
            }
            const started = t.t('surveys.started', {
              id: survey.id,
              kind: kindName(t, survey.kind),
              asked: t.plural('surveys.members', asked, { count: t.number(asked) }),
              closes: t.dateTime(survey.closesAt),
              command: label('survey results'),
            });
            const skipped =
              capped > 0
                ? [
                    text(' '),
                    ...t.t('surveys.started.skipped', {
                      capped: t.plural('surveys.members', capped, { count: t.number(capped) }),
                    }),
                  ]
                : [];
            await say(call, ...started, ...skipped);
          },
        }),
        defineCommand({
          name: 'survey answer',
          description: 'surveys.command.survey.answer',
          args: z.object({
            score: z.string().min(1).describe('surveys.arg.score'),
            comment: z.string().optional().describe('surveys.arg.comment'),
          }),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const survey = repo.openInviteOf(community.id, call.invoker.id);
            if (!survey) return say(call, ...t.t('surveys.answer.none'));
            const { min, max } = SCALE[survey.kind];
            const score = /^\d{1,2}$/.test(call.args.score.trim()) ? Number(call.args.score.trim()) : NaN;
            if (!(score >= min && score <= max))
              return say(
                call,
                ...t.t('surveys.answer.range', {
                  min,
                  max,
                  example: code(`${ctx.commandLabel('survey answer')} ${max}`),
                }),
              );
            const comment = call.args.comment?.trim().slice(0, COMMENT_MAX) || null;
            repo.answer(community.id, survey.id, call.invoker.id, score, comment, ctx.clock.now());
            await say(
              call,
              ...t.t('surveys.answer.thanks', { score, mydata: label('mydata'), withdraw: label('survey withdraw') }),
            );
          },
        }),
        defineCommand({
          name: 'survey withdraw',
          description: 'surveys.command.survey.withdraw',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const own = repo.answersOf(community.id, call.invoker.id).at(-1);
            if (!own || !repo.withdraw(community.id, own.surveyId, call.invoker.id))
              return say(call, ...t.t('surveys.withdraw.none'));
            await say(call, ...t.t('surveys.withdrawn', { id: own.surveyId }));
          },
        }),
        defineCommand({
          name: 'survey results',
          description: 'surveys.command.survey.results',
          args: z.object({ survey: z.coerce.number().int().positive().optional().describe('surveys.arg.survey') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const survey =
              call.args.survey === undefined ? repo.latest(community.id) : repo.get(community.id, call.args.survey);
            if (!survey)
              return say(
                call,
                ...(call.args.survey === undefined
                  ? t.t('surveys.results.none', { command: code(`${ctx.commandLabel('survey start')} satisfaction`) })
                  : t.t('surveys.noSurvey', { id: call.args.survey })),
              );
            const { scores, comments } = repo.answers(community.id, survey.id);
            await call.reply(rich(...resultBlocks(t, survey, scores, comments)), { private: true });
          },
        }),
        defineCommand({
          name: 'survey close',
          description: 'surveys.command.survey.close',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const latest = repo.latest(community.id);
            if (!latest)
              return say(
                call,
                ...t.t('surveys.results.none', { command: code(`${ctx.commandLabel('survey start')} satisfaction`) }),
              );
            if (!repo.close(community.id, latest.id, ctx.clock.now()))
              return say(call, ...t.t('surveys.notOpen', { id: latest.id }));
            ctx.scheduler.cancel(CLOSE, String(latest.id));
            await say(call, ...t.t('surveys.closed', { id: latest.id }));
          },
        }),
      ],
    };
  },
});
