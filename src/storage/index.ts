import type { FeatureStores } from '../features/define.ts';
import type { CommunityArchive, KeyValueStore } from '../core/ports.ts';
import type { SchedulerStore } from '../core/scheduler.ts';
import type { ErasureStore } from '../core/erasure.ts';
import type { RetentionStore } from '../core/retention.ts';
import { localDayOf } from '../core/local-day.ts';
import { createActivityWriter, type ActivityWriter } from './activity.repository.ts';
import { openDatabase, transaction, type Db } from './database.ts';
import { createKeyValueRepository } from './key-value.repository.ts';
import { createErasureRepository } from './erasure.repository.ts';
import { createRetentionRepository } from './retention.repository.ts';
import { createLedgerRepository, type LedgerRepository } from './ledger.repository.ts';
import { createMembersRepository, type MembersRepository } from './members.repository.ts';
import { createOnboardingStore } from './onboarding.store.ts';
import { createOutreachRepository, type OutreachRepository } from './outreach.repository.ts';
import { createSchedulerRepository } from './scheduler.repository.ts';
import { createWelcomeStore } from './welcome.store.ts';
import { createWriteProbe } from './write-probe.ts';
import { createPhotoNudgeStore } from './photo-nudge.store.ts';
import { createQuietQuestionsStore } from './quiet-questions.store.ts';
import { createPollsStore } from './polls.store.ts';
import { createCalendarStore } from './calendar.store.ts';
import { createTriageStore } from './triage.store.ts';
import { createHealthStore, createRollupsRepository, type RollupsRepository } from './health.store.ts';
import { createCommunityArchive } from './portability/archive.ts';
import { createThanksStore } from './thanks.store.ts';
import { createLevelsStore } from './levels.store.ts';
import { createMissedYouStore } from './missed-you.store.ts';
import { createSurveysStore } from './surveys.store.ts';
import { createRecognitionView } from './recognition.repository.ts';
import type { RecognitionView } from '../core/recognition.ts';
import { createHighlightsView } from './highlights.repository.ts';
import type { HighlightsView } from '../core/highlights.ts';
import { createGroupsRepository, type GroupsRepository } from './groups.repository.ts';
import { createSpotlightStore } from './spotlight.store.ts';
import { createCircleStore } from './circle.store.ts';
import { createBetaStore } from './beta.store.ts';
import { createNewsletterStore } from './newsletter.store.ts';
import { createDigestStore } from './digest.store.ts';

/** Every repository, over one database. The only thing outside storage that knows the database exists. */
export interface Storage {
  ledger: LedgerRepository;
  members: MembersRepository;
  activity: ActivityWriter;
  /** Joins, leaves and staff for the health roll-ups (message activity goes through `activity`). */
  rollups: RollupsRepository;
  outreach: OutreachRepository;
  scheduler: SchedulerStore;
  keyValue: KeyValueStore;
  /** `/mydata erase`: a member's records in every table, in one transaction. */
  erasure: ErasureStore;
  /** Deletes records past their retention period (the nightly job). */
  retention: RetentionStore;
  /** Every feature's own store, by the name the feature asks for. */
  stores: FeatureStores;
  /** The beta group and the inner circle, for core's `GroupsView`. */
  groups: GroupsRepository;
  /** The whole community's export, packed, for admins' /export. */
  archive: CommunityArchive;
  /** Levels and thanks, read-only, for one community (`dayOf`: its local days). */
  recognition(community: string, dayOf: (at: Date) => string): RecognitionView;
  /** A period's highlights for one community (digest, "we missed you", newsletter). */
  highlights(community: string): HighlightsView;
  /** Runs synchronous work atomically (see `transaction`). */
  atomically<T>(work: () => T): T;
  /** Why the database takes no write now (readiness), or undefined when it does. */
  writeProblem(): string | undefined;
  close(): void;
}

export interface StorageOptions {
  /**
   * The community's timezone (IANA): the local days of activity a previous process wrote but
   * had not counted in the roll-ups when it stopped, counted at the next start. UTC by default.
   */
  timezone?: string;
}

export function createStorage(db: Db, { timezone = 'UTC' }: StorageOptions = {}): Storage {
  const activity = createActivityWriter({ db, dayOf: localDayOf(timezone) });
  return {
    ledger: createLedgerRepository({ db }),
    members: createMembersRepository({ db }),
    activity,
    rollups: createRollupsRepository({ db }),
    outreach: createOutreachRepository({ db }),
    scheduler: createSchedulerRepository({ db }),
    keyValue: createKeyValueRepository({ db }),
    erasure: createErasureRepository({ db }),
    retention: createRetentionRepository({ db }),
    stores: createFeatureStores(db),
    groups: createGroupsRepository({ db }),
    archive: createCommunityArchive({ db, flush: () => activity.flush() }),
    recognition: (community, dayOf) => createRecognitionView({ db, community, dayOf }),
    highlights: (community) => createHighlightsView({ db, community }),
    atomically: (work) => transaction(db, work),
    writeProblem: createWriteProbe(db),
    close: () => {
      activity.flush();
      db.$client.close();
    },
  };
}

/** Each feature's store over the same database; one line per feature that stores anything. */
const createFeatureStores = (db: Db): FeatureStores => {
  return {
    welcome: createWelcomeStore({ db }),
    onboarding: createOnboardingStore({ db }),
    photoNudges: createPhotoNudgeStore({ db }),
    quietQuestions: createQuietQuestionsStore({ db }),
    polls: createPollsStore({ db }),
    calendar: createCalendarStore({ db }),
    triage: createTriageStore({ db }),
    health: createHealthStore({ db }),
    thanks: createThanksStore({ db }),
    levels: createLevelsStore({ db }),
    missedYou: createMissedYouStore({ db }),
    surveys: createSurveysStore({ db }),
    spotlight: createSpotlightStore({ db }),
    circle: createCircleStore({ db }),
    beta: createBetaStore({ db }),
    newsletter: createNewsletterStore({ db }),
    digest: createDigestStore({ db }),
  };
};

/** Opens the database file (or `:memory:`), migrates it and returns the repositories. */
export const openStorage = (path: string, options: StorageOptions = {}): Storage =>
  createStorage(openDatabase(path), options);

export type { Db };
export type { MemberRecord } from './members.repository.ts';
export type { OutreachEntry } from './outreach.repository.ts';
