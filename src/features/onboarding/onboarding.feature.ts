import type { MemberRef } from '../../core/events.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { ONBOARDING_STEPS, type OnboardingStep } from '../../core/onboarding-steps.ts';
import type { MemberId } from '../../core/ids.ts';
import { mention, paragraph, rich, toPlainText, type Inline } from '../../core/rich-text.ts';
import type { CommunitySettings } from '../../config/settings.ts';
import { defineFeature, type FeatureContext } from '../define.ts';
import { onboardingCommands } from './onboarding.commands.ts';
import { onboardingConfig, type OnboardingSettings } from './onboarding.config.ts';
import { onboardingMessages, type OnboardingMessageKey } from './onboarding.messages.ts';
import { completionKey, isComplete } from './onboarding.logic.ts';
import type { OnboardingStore, StepRecord } from './onboarding.store.ts';

type Config = OnboardingSettings & {
  codeOfConduct: CommunitySettings['codeOfConduct'];
  welcomeChannel: string | undefined;
};
type Ports = 'messages' | 'directMessages';
export type OnboardingContext = FeatureContext<Ports, OnboardingStore, Config, OnboardingMessageKey>;

type OnboardingTranslator = Translator<OnboardingMessageKey | CoreMessageKey>;

/** Translated words to put inside a list, which joins plain strings. */
const plainWords = (inlines: Inline[]): string => toPlainText(rich(paragraph(...inlines)));

/** A step as the member reads it ("profile photo"); a step Foyer no longer knows is shown as recorded. */
export function stepName(step: string, t: OnboardingTranslator): string {
  const known = ONBOARDING_STEPS.find((s) => s === step);
  return known ? plainWords(t.t(`onboarding.stepName.${known}`)) : step;
}

/** The steps a member did, with what they chose where a step carries a choice, listed the way their language lists. */
function stepsDoneLine(steps: readonly StepRecord[], t: OnboardingTranslator): Inline[] {
  if (steps.length === 0) return t.t('onboarding.mydata.noSteps');
  const described = steps.map(({ step, detail }) =>
    detail ? plainWords(t.t('onboarding.stepWithDetail', { step: stepName(step, t), detail })) : stepName(step, t),
  );
  return t.t('onboarding.mydata.steps', { steps: t.list(described) });
}

/**
 * The onboarding checklist: accept the code of conduct, introduce yourself, add a
 * profile photo, pick interests. Progress is kept per member and detected from what
 * members do; completion is congratulated once.
 */
export const onboardingFeature = defineFeature({
  id: 'onboarding',
  description: 'Onboarding checklist with progress per member',
  needs: ['messages', 'directMessages'] as const,
  settings: onboardingConfig,
  messages: onboardingMessages,
  config: (onboarding, { community, sharedChannel }): Config | undefined =>
    onboarding.enabled
      ? { ...onboarding, codeOfConduct: community.codeOfConduct, welcomeChannel: sharedChannel('welcome') }
      : undefined,
  store: (stores) => stores.onboarding,
  memberData(store, member, t, community) {
    const steps = store.progress(community.id, member);
    return { key: 'onboardingSteps', data: steps, lines: [stepsDoneLine(steps, t)] };
  },
  setup(ctx: OnboardingContext) {
    const { config, repo, community } = ctx;
    const introChannel = config.introChannel ? ctx.channel(config.introChannel) : undefined;

    const congratulate = async (member: MemberRef): Promise<void> => {
      const t = ctx.translatorFor(member.id);
      const message = rich(
        paragraph(
          ...t.t('onboarding.complete', { member: mention(member.id, member.displayName), community: community.name }),
        ),
      );
      const channel = config.welcomeChannel ? ctx.channel(config.welcomeChannel) : undefined;
      const via = config.congratulate === 'dm' || !channel ? 'dm' : 'channel';
      await ctx.outreach.contact(
        {
          member: member.id,
          effectKey: completionKey(community.id, member.id),
          reason: 'onboarding.reason.completed',
          via,
        },
        () =>
          via === 'dm'
            ? ctx.ports.directMessages.sendDirect(member.id, message)
            : ctx.ports.messages.send(channel!, message),
      );
    };

    // Steps known to be done, so a busy intro channel costs no database write per message;
    // one set of members per step, so the check builds no key string either.
    const knownDone = new Map<OnboardingStep, Set<string>>();

    /** Records a step; returns true when it was newly done. Congratulates on the last one. */
    const completeStep = async (member: MemberRef, step: OnboardingStep, detail?: string): Promise<boolean> => {
      if (!config.steps.includes(step)) return false;
      let doneBy = knownDone.get(step);
      if (!doneBy) knownDone.set(step, (doneBy = new Set()));
      if (detail === undefined && doneBy.has(member.id)) return false;
      const now = ctx.clock.now();
      const fresh = ctx.atomically(() => {
        const added = repo.complete(community.id, member.id, step, now, detail);
        if (!added && detail !== undefined) repo.setDetail(community.id, member.id, step, detail);
        return added;
      });
      doneBy.add(member.id);
      // A cache only (the database is the truth): bounded, emptied whole when full.
      if (doneBy.size > 50_000) doneBy.clear();
      if (!fresh) return false;
      ctx.logger.info('onboarding step done', { member: member.id, step });
      const done = new Set(repo.progress(community.id, member.id).map((r) => r.step));
      if (isComplete(config.steps, done)) {
        ctx.memberSettings.markOnboardingComplete(member.id, now);
        await congratulate(member);
      }
      return true;
    };

    return {
      commands: onboardingCommands(ctx, completeStep),
      on: {
        async 'member.joined'(event) {
          if (event.hasPhoto) await completeStep(event.member, 'photo');
        },
        async 'member.updated'(event) {
          if (event.hasPhoto) await completeStep(event.member, 'photo');
        },
        async 'message.posted'(event) {
          if (introChannel && event.channel === introChannel) await completeStep(event.author, 'introduce');
        },
      },
    };
  },
});

export type { MemberId };
