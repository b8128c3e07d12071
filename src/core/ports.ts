import type { CommandInvocation, MemberRef } from './events.ts';
import type { ChannelId, MemberId, MessageId } from './ids.ts';
import type { Result } from './result.ts';
import type { RichText } from './rich-text.ts';
import type { CommandDef, CommandTexts } from './commands.ts';
import type { Locale } from './i18n/translator.ts';

/** Posts to a channel. Mentions are allowed only for the explicit mention nodes. */
export interface MessageSender {
  send(channel: ChannelId, message: RichText): Promise<Result<MessageId>>;
}

/** Edits a message Foyer posted (live poll results). */
export interface MessageEditor {
  edit(channel: ChannelId, message: MessageId, content: RichText): Promise<Result<void>>;
}

/**
 * Sends a direct message. A member whose DMs are closed is reported as `dm-closed`,
 * and adapters remember it so the platform is not asked again.
 */
export interface DirectMessenger {
  sendDirect(member: MemberId, message: RichText): Promise<Result<MessageId>>;
}

export interface Profile {
  member: MemberRef;
  hasPhoto: boolean;
  /** The account is a bot (Foyer itself or another), when the platform says so. */
  bot?: boolean;
}

/** Reads what the platform currently says about a member. */
export interface ProfileReader {
  getProfile(member: MemberId): Promise<Result<Profile>>;
}

/** Answers one command invocation, publicly or only to the invoker where the platform can. */
export interface CommandResponder {
  respond(invocation: CommandInvocation, message: RichText, options?: { private?: boolean }): Promise<Result<void>>;
}

/** A file Foyer hands to a member: a data export, a chart. */
export interface OutgoingFile {
  name: string;
  /** The media type, e.g. `application/json`, `image/png`: platforms show an image as one. */
  mediaType: string;
  /** Text is sent as UTF-8. */
  content: string | Uint8Array;
  /** An image's size in pixels, which Matrix clients use to lay it out before it loads. */
  image?: { width: number; height: number };
}

/** The bytes a platform uploads for the file. */
export function outgoingFileBytes(file: OutgoingFile): Buffer {
  return typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
}

/**
 * Answers a command with a file attached (a Discord attachment, a Matrix m.file, a
 * file on the console), privately where asked. Optional: without it, features send
 * the content as text, split into code blocks.
 */
export interface FileResponder {
  respondWithFile(
    invocation: CommandInvocation,
    message: RichText,
    file: OutgoingFile,
    options?: { private?: boolean },
  ): Promise<Result<void>>;
}

/**
 * The whole community's data as one file, for admins' `/export`: the same export as
 * `npm run export` (see docs/data.md), packed. Storage implements it.
 */
export interface CommunityArchive {
  pack(request: { community: { id: string; name: string }; at: Date; maxBytes: number }): Promise<PackedArchive>;
}

/** The packed export, or how large it is when it would not fit in `maxBytes`. */
export type PackedArchive =
  | { fits: true; file: OutgoingFile; tables: number; rows: number }
  | { fits: false; bytes: number; tables: number; rows: number };

/** Publishes command definitions (Discord slash commands); text platforms need nothing. */
export interface CommandRegistrar {
  registerCommands(commands: readonly CommandDef[], texts: CommandTexts): Promise<Result<void>>;
}

/** Small durable key-value storage for adapters (sync position, closed DMs) — storage implements it. */
export interface KeyValueStore {
  get(namespace: string, key: string): string | undefined;
  set(namespace: string, key: string, value: string): void;
  delete(namespace: string, key: string): void;
}

/** A button under a message; `customId` comes back in the `button.pressed` event. */
export interface Button {
  customId: string;
  label: string;
}

/** Posts a message with buttons (polls, confirmations). */
export interface ComponentSender {
  sendWithButtons(channel: ChannelId, message: RichText, buttons: readonly Button[]): Promise<Result<MessageId>>;
}

/**
 * What a channel looked like before Foyer changed it, as plain JSON: features store it
 * so a restore after a restart puts back exactly what was there.
 */
export type ChannelSnapshot = Record<string, unknown>;

/** Slows down or locks a channel (crisis mode), and restores it exactly. */
export interface ChannelModerator {
  /** Sets slowmode; returns what to restore. */
  slowDown(channel: ChannelId, seconds: number): Promise<Result<ChannelSnapshot>>;
  /** Stops members from posting; returns what to restore. */
  lock(channel: ChannelId): Promise<Result<ChannelSnapshot>>;
  restore(channel: ChannelId, snapshot: ChannelSnapshot): Promise<Result<void>>;
}

/** A poll in the platform's own format (Discord native polls, Matrix m.poll.start). */
export interface NativePoll {
  question: string;
  answers: string[];
  durationHours: number;
  multipleChoice: boolean;
}

/** Native polls where the platform has them, with the limits a feature must check first. */
export interface PollPublisher {
  readonly limits: {
    maxAnswers: number;
    maxAnswerLength: number;
    maxQuestionLength: number;
    minHours: number;
    maxHours: number;
  };
  publish(channel: ChannelId, poll: NativePoll): Promise<Result<MessageId>>;
  /**
   * Ends the poll now; the platform then shows final results. `notice` is the text a
   * client without polls shows instead, in the community's language.
   */
  end(channel: ChannelId, message: MessageId, notice: string): Promise<Result<void>>;
}

/**
 * Links to the read-only web dashboard: signed, expiring, for this community only. Served
 * by Foyer's own web server (when `web.listen` is set), whatever the platform.
 */
export interface DashboardLinks {
  /** A link that opens the dashboard in `locale`, and the moment it stops working. */
  issue(locale: Locale): { url: string; expiresAt: Date };
}

/**
 * Gives a member a platform role and takes it back (levels mapped to roles). `role` is the
 * platform's: a Discord role id, a Matrix power level; the console shows it in the transcript.
 */
export interface MemberRoles {
  grant(member: MemberId, role: string): Promise<Result<void>>;
  revoke(member: MemberId, role: string): Promise<Result<void>>;
}

/** One mail: both parts, and the headers the sender must set exactly (List-Unsubscribe…). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`, the same each time this mail is retried, so a mail sent twice is recognisably one. */
  messageId: string;
  headers?: Record<string, string>;
}

/** What the SMTP server said of one mail: accepted (its 2xx reply) or refused. */
export type MailOutcome = { accepted: true; response: string } | { accepted: false; permanent: boolean; error: string };

/** Sends mail (SMTP): Foyer's own, not the platform's; adapters/email implements it. */
export interface Mailer {
  /** The address mails come from, shown to members. */
  readonly from: string;
  send(mail: MailMessage): Promise<MailOutcome>;
  close(): Promise<void>;
}

/** A route on Foyer's web server: a web-standard Request in, a Response out. */
export interface WebRoute {
  method: 'GET' | 'POST';
  /** A path with `:name` segments, e.g. `/newsletter/confirm/:token`. */
  path: string;
  handle(request: Request, params: Record<string, string>): Response | Promise<Response>;
}

/** What a feature may do with Foyer's web server: add its routes, and sign what its links carry. */
export interface WebRoutes {
  mount(route: WebRoute): void;
  /** The public address of a path on the server (`/newsletter/confirm/…` → `https://…/newsletter/confirm/…`). */
  url(path: string): string;
  /** A token carrying `subject` for `purpose`, signed with the server's secret, valid for `lifetimeMs`. */
  sign(purpose: string, subject: string, lifetimeMs: number): { token: string; expiresAt: Date };
  verify(purpose: string, token: string): { ok: true; subject: string } | { ok: false; why: 'forged' | 'expired' };
}

/** Every capability a platform may offer. A feature is given only the ones it declares. */
export interface Ports {
  messages: MessageSender;
  edits: MessageEditor;
  directMessages: DirectMessenger;
  profiles: ProfileReader;
  components: ComponentSender;
  channelModeration: ChannelModerator;
  polls: PollPublisher;
  memberRoles: MemberRoles;
  /** Not the platform's: Foyer's web server provides it (see BotDeps.ownPorts). */
  dashboardLinks: DashboardLinks;
  /** Foyer's own too: the SMTP mailer (main.ts, when the newsletter is on). */
  mailer: Mailer;
  /** Foyer's own too: routes on the web server (when `web.listen` is set). */
  webRoutes: WebRoutes;
}

export type PortName = keyof Ports;

/** What an adapter implements: the ports it can offer, plus what core itself needs. */
export interface PlatformAdapter {
  readonly platform: 'console' | 'discord' | 'matrix';
  /**
   * What a command that also has subcommands is typed with, when the platform cannot run
   * it bare (Discord: `/onboarding show`), so the commands Foyer suggests work as shown.
   */
  readonly bareSubcommand?: string;
  readonly ports: Partial<Ports>;
  readonly responder: CommandResponder;
  readonly fileResponder?: FileResponder;
  readonly registrar?: CommandRegistrar;
  /** Connects and starts delivering events to `sink`; resolves once events can flow. */
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
}

/** Where an adapter delivers events; resolves once every feature has handled the event. */
export type EventSink = (event: import('./events.ts').FoyerEvent) => Promise<void>;

/**
 * A channel from the configuration and what Foyer does there, so an adapter can check
 * at start that the platform lets it (channel type, permissions) and say what will not work.
 */
export interface ChannelUse {
  /** The channel's name in the configuration. */
  name: string;
  /** The platform's channel id. */
  id: string;
  /** Features (their keys under `features:`) that post there; empty when Foyer only reads the channel. */
  postedBy: readonly string[];
  /** Features that read its messages (activity, introductions, quiet-channel questions). */
  readBy: readonly string[];
}
