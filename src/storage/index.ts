import type { FeatureStores } from '../features/define.ts';
import type { KeyValueStore } from '../core/ports.ts';
import type { SchedulerStore } from '../core/scheduler.ts';
import { createActivityWriter, type ActivityWriter } from './activity.repository.ts';
import { openDatabase, transaction, type Db } from './database.ts';
import { createKeyValueRepository } from './key-value.repository.ts';
import { createLedgerRepository, type LedgerRepository } from './ledger.repository.ts';
import { createMembersRepository, type MembersRepository } from './members.repository.ts';
import { createOnboardingRepository, type OnboardingRepository } from './onboarding.repository.ts';
import { createOutreachRepository, type OutreachRepository } from './outreach.repository.ts';
import { createSchedulerRepository } from './scheduler.repository.ts';
import { createWelcomeRepository, type WelcomeRepository } from './welcome.repository.ts';
import { createPrivacyRepository, type PrivacyRepository } from './privacy.repository.ts';
import { createPhotoNudgeRepository, type PhotoNudgeRepository } from './photo-nudge.repository.ts';
import { createQuietQuestionsRepository, type QuietQuestionsRepository } from './quiet-questions.repository.ts';
import { createPollsRepository, type PollsRepository } from './polls.repository.ts';
import { createCalendarRepository, type CalendarRepository } from './calendar.repository.ts';
import { createReportsRepository, type ReportsRepository } from './reports.repository.ts';

/** Every repository, over one database. The only thing outside storage that knows the database exists. */
export interface Storage {
  ledger: LedgerRepository;
  members: MembersRepository;
  activity: ActivityWriter;
  outreach: OutreachRepository;
  scheduler: SchedulerStore;
  keyValue: KeyValueStore;
  onboarding: OnboardingRepository;
  welcome: WelcomeRepository;
  privacy: PrivacyRepository;
  photoNudges: PhotoNudgeRepository;
  quietQuestions: QuietQuestionsRepository;
  polls: PollsRepository;
  calendar: CalendarRepository;
  reports: ReportsRepository;
  /** Every feature's own store, by the name the feature asks for. */
  stores: FeatureStores;
  /** Runs synchronous work atomically (see `transaction`). */
  atomically<T>(work: () => T): T;
  close(): void;
}

export function createStorage(db: Db): Storage {
  const activity = createActivityWriter({ db });
  return {
    ledger: createLedgerRepository({ db }),
    members: createMembersRepository({ db }),
    activity,
    outreach: createOutreachRepository({ db }),
    scheduler: createSchedulerRepository({ db }),
    keyValue: createKeyValueRepository({ db }),
    onboarding: createOnboardingRepository({ db }),
    welcome: createWelcomeRepository({ db }),
    privacy: createPrivacyRepository({ db }),
    photoNudges: createPhotoNudgeRepository({ db }),
    quietQuestions: createQuietQuestionsRepository({ db }),
    polls: createPollsRepository({ db }),
    calendar: createCalendarRepository({ db }),
    reports: createReportsRepository({ db }),
    stores: createFeatureStores(db),
    atomically: (work) => transaction(db, work),
    close: () => {
      activity.flush();
      db.$client.close();
    },
  };
}

/** Each feature's store over the same database; one line per feature that stores anything. */
const createFeatureStores = (db: Db): FeatureStores => {
  void db;
  return {};
};

/** Opens the database file (or `:memory:`), migrates it and returns the repositories. */
export const openStorage = (path: string): Storage => createStorage(openDatabase(path));

export type { Db };
export type { MemberRecord } from './members.repository.ts';
export type { OutreachEntry } from './outreach.repository.ts';
export type { QueuedNewcomer } from './welcome.repository.ts';
export type { StepRecord } from './onboarding.repository.ts';
export type { MemberDataExport } from './privacy.repository.ts';
