import { z } from 'zod';
import { channelName } from '../../config/settings.ts';
import { ONBOARDING_STEPS } from '../../core/onboarding-steps.ts';
import type { FeatureSettings } from '../define.ts';

export const onboardingSettings = z.strictObject({
  enabled: z.boolean().default(true),
  steps: z
    .array(z.enum(ONBOARDING_STEPS))
    .min(1)
    .refine((s) => new Set(s).size === s.length, 'a step is listed twice')
    .default([...ONBOARDING_STEPS]),
  introChannel: channelName.optional(),
  interests: z.array(z.string().min(1).max(40)).max(25).default([]),
  /** Where completion is congratulated: in the welcome channel, or by direct message. */
  congratulate: z.enum(['channel', 'dm']).default('channel'),
});

export type OnboardingSettings = z.infer<typeof onboardingSettings>;

export const onboardingConfig: FeatureSettings<OnboardingSettings, 'onboarding'> = {
  key: 'onboarding',
  schema: onboardingSettings,
  check(onboarding, { at, needChannel, error, community, sharedChannel }) {
    if (!onboarding.enabled) return;
    if (onboarding.steps.includes('introduce'))
      needChannel([...at, 'introChannel'], onboarding.introChannel, 'the "introduce" step needs an intro channel');
    if (onboarding.steps.includes('interests') && onboarding.interests.length === 0)
      error([...at, 'interests'], 'the "interests" step needs at least one interest to pick from', true);
    if (
      onboarding.steps.includes('code-of-conduct') &&
      !community.codeOfConduct.url &&
      !community.codeOfConduct.summary
    )
      error(
        ['community', 'codeOfConduct'],
        'the "code-of-conduct" step needs community.codeOfConduct.url or .summary',
        true,
      );
    if (onboarding.congratulate === 'channel' && !sharedChannel('welcome'))
      error([...at, 'congratulate'], 'congratulating in a channel needs features.welcome.channel');
  },
  channelUses: (onboarding, { sharedChannel }) =>
    onboarding.enabled
      ? {
          reads: [onboarding.introChannel],
          posts: onboarding.congratulate === 'channel' ? [sharedChannel('welcome')] : [],
        }
      : {},
};
