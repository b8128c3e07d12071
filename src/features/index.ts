import { calendarFeature } from './calendar/calendar.feature.ts';
import { dashboardFeature } from './dashboard/dashboard.feature.ts';
import { dataExportFeature } from './data-export/data-export.feature.ts';
import { healthFeature } from './health/health.feature.ts';
import { levelsFeature } from './levels/levels.feature.ts';
import { linksFeature } from './links/links.feature.ts';
import { onboardingFeature } from './onboarding/onboarding.feature.ts';
import { outreachFeature } from './outreach/outreach.feature.ts';
import { photoNudgeFeature } from './photo-nudge/photo-nudge.feature.ts';
import { pollsFeature } from './polls/polls.feature.ts';
import { privacyFeature } from './privacy/privacy.feature.ts';
import { quietQuestionsFeature } from './quiet-questions/quiet-questions.feature.ts';
import { thanksFeature } from './thanks/thanks.feature.ts';
import { triageFeature } from './triage/triage.feature.ts';
import { welcomeFeature } from './welcome/welcome.feature.ts';
import { spotlightFeature } from './spotlight/spotlight.feature.ts';
import { circleFeature } from './circle/circle.feature.ts';
import { betaFeature } from './beta/beta.feature.ts';
import { missedYouFeature } from './missed-you/missed-you.feature.ts';
import { surveysFeature } from './surveys/surveys.feature.ts';
import { newsletterFeature } from './newsletter/newsletter.feature.ts';
import { digestFeature } from './digest/digest.feature.ts';

/** Every feature, in the order they see each event. Explicit on purpose: no folder scanning. */
export const FEATURES = [
  welcomeFeature,
  onboardingFeature,
  photoNudgeFeature,
  quietQuestionsFeature,
  calendarFeature,
  pollsFeature,
  triageFeature,
  outreachFeature,
  privacyFeature,
  dataExportFeature,
  linksFeature,
  healthFeature,
  dashboardFeature,
  spotlightFeature,
  circleFeature,
  betaFeature,
  thanksFeature,
  levelsFeature,
  missedYouFeature,
  surveysFeature,
  newsletterFeature,
  digestFeature,
] as const;
