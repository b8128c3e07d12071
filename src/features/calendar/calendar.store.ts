import type { Audience } from '../../core/groups.ts';

/** Where an entry came from: the YAML file or `/calendar add`. */
export const CALENDAR_SOURCES = ['yaml', 'command'] as const;
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

/** An entry's life: draft → approved → published (one-off entries), or cancelled, or missed. */
export const CALENDAR_STATUSES = ['draft', 'approved', 'published', 'cancelled', 'missed'] as const;
export type CalendarStatus = (typeof CALENDAR_STATUSES)[number];

/** What became of one publication slot. */
export type SlotOutcome = 'posted' | 'missed';

export interface CalendarEntry {
  /** The community id and the entry's slug: `demo-garden:weekly-digest`. */
  id: string;
  communityId: string;
  source: CalendarSource;
  /** The post's text, or null when it comes from `file`. */
  text: string | null;
  /** A content file read when the post goes out. */
  file: string | null;
  /** A logical channel name from config. */
  channel: string;
  /** A one-off post's time, or null for a recurring one (`cron`). */
  at: Date | null;
  cron: string | null;
  timezone: string;
  status: CalendarStatus;
  author: string;
  approvedBy: string | null;
  approvedAt: Date | null;
  createdAt: Date;
  /** Everyone (the entry's channel) or the beta group (the beta channel, or each beta member privately). */
  audience: Audience;
}

export interface CalendarStore {
  /** Inserts an entry unless its id exists; returns whether it was new. */
  insert(entry: CalendarEntry): boolean;
  get(id: string): CalendarEntry | undefined;
  /** Drafts and approved entries, soonest first. */
  live(communityId: string): CalendarEntry[];
  setStatus(id: string, status: CalendarStatus, by?: string, at?: Date): void;
  /** Claims a publication slot; false when it was already posted or recorded as missed. */
  claim(entryId: string, slot: Date, status: SlotOutcome, at: Date): boolean;
  countCommandEntries(communityId: string): number;
}

declare module '../define.ts' {
  interface FeatureStores {
    calendar: CalendarStore;
  }
}
