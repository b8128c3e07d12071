import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseDuration } from '../../core/clock.ts';
import type { CommandInvocation, FoyerEvent, MemberRef } from '../../core/events.ts';
import {
  channelId,
  eventId,
  localPart,
  memberId,
  messageId,
  type ChannelId,
  type CommunityId,
  type MemberId,
  type MessageId,
} from '../../core/ids.ts';
import type { EventSink, PlatformAdapter } from '../../core/ports.ts';
import { attempt, fail, ok, type Failure } from '../../core/result.ts';
import { sanitizeName } from '../../core/rich-text.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import { botLine, renderConsole } from './console.render.ts';

interface ConsoleMember {
  ref: MemberRef;
  hasPhoto: boolean;
  role: Role;
  present: boolean;
  dmsOpen: boolean;
}

export interface ConsoleAdapterOptions {
  community: CommunityId;
  /** Where every line goes (stdout in production, an array in tests). */
  write(line: string): void;
  now(): Date;
  /**
   * Moves simulated time forward; scheduled work due in between runs, in order. A long
   * advance tells `progress` the simulated time as it goes; false when it was interrupted.
   */
  advance(ms: number, progress: (now: Date) => void): Promise<boolean>;
  /** Channel names the config declares; the first is where members talk by default. */
  channels: string[];
  roles: { moderators: string[]; admins: string[] };
  /** Distinguishes this session's event ids from an earlier session's on the same database. */
  sessionId: string;
  /** Where files Foyer hands to members (a data export) are written; a temporary folder by default. */
  filesDir?: string;
}

export const CONSOLE_HELP = `Console commands:
  :join NAME [photo]      NAME joins (with a profile photo if "photo")
  :leave NAME             NAME leaves
  :avatar NAME on|off     NAME sets or removes their profile photo
  :as NAME text           NAME posts text in the current channel (or runs /command)
  :as NAME #chan text     NAME posts in another channel
  :react NAME EMOJI [BY]  NAME reacts to the latest message here (by BY, if given)
  :unreact NAME EMOJI [BY] NAME takes that reaction back
  :role NAME ROLE         NAME becomes member, moderator or admin
  :dms NAME open|closed   NAME opens or closes their direct messages
  :channel NAME           switch the current channel
  :advance 2h             move time forward (also :wait); scheduled work runs
  :time                   show the simulated time
  :who                    list members
  :quit                   stop Foyer
Lines starting with / are commands, other lines are messages, both from the last member used.`;

const SPAN_UNITS = [
  { name: 'days', ms: 86_400_000 },
  { name: 'hours', ms: 3_600_000 },
  { name: 'minutes', ms: 60_000 },
] as const;

/** "30 of 3650 days": how much of an advance is done, in the largest unit that fits it. */
function spanDone(doneMs: number, totalMs: number): string {
  const unit = SPAN_UNITS.find((u) => totalMs >= u.ms) ?? { name: 'seconds', ms: 1_000 };
  return `${Math.floor(doneMs / unit.ms)} of ${Math.round(totalMs / unit.ms)} ${unit.name}`;
}

/**
 * The console platform: a real adapter where the user plays members. Members and
 * channels exist only in this process; everything Foyer records goes to the database.
 */
export function createConsoleAdapter(
  options: ConsoleAdapterOptions,
): PlatformAdapter & { input(line: string): Promise<boolean> } {
  const { write, community } = options;
  const members = new Map<string, ConsoleMember>();
  let sink: EventSink | undefined;
  let current: ConsoleMember | undefined;
  let channel = options.channels[0] ?? 'general';
  let counter = 0;
  // Channel settings, enforced like a platform would: crisis mode can change them.
  const slowmode = new Map<string, number>();
  const locked = new Set<string>();
  const lastPost = new Map<string, number>();
  // Recent messages, so a reaction can name its message by channel and author.
  const recent: { id: MessageId; author: MemberId; channel: string }[] = [];
  const RECENT = 1_000;

  const nextId = (kind: string) => `${options.sessionId}-${kind}-${++counter}`;
  const say = (line: string) => write(`· ${line}`);
  const roleOf = (name: string): Role =>
    options.roles.admins.includes(name) ? 'admin' : options.roles.moderators.includes(name) ? 'moderator' : 'member';
  const member = (name: string): ConsoleMember => {
    const clean = sanitizeName(name).toLowerCase();
    let found = members.get(clean);
    if (!found) {
      found = {
        ref: { id: memberId('console', clean), displayName: sanitizeName(name) },
        hasPhoto: false,
        role: roleOf(clean),
        present: false,
        dmsOpen: true,
      };
      members.set(clean, found);
    }
    return found;
  };
  const replyTarget = (invocation: CommandInvocation, opts?: { private?: boolean }) =>
    opts?.private
      ? `@${(invocation.replyHandle as ConsoleMember).ref.displayName} (only you)`
      : `#${localPart(invocation.channel)}`;
  const byId = (id: MemberId) => [...members.values()].find((m) => m.ref.id === id);
  const emit = async (event: FoyerEvent): Promise<void> => {
    if (!sink) throw new Error('console adapter not started');
    await sink(event);
  };
  const base = (kind: string) => ({ id: eventId('console', nextId(kind)), community, at: options.now() });

  const post = async (who: ConsoleMember, where: string, body: string): Promise<void> => {
    current = who;
    if (body.startsWith('/')) {
      const [name = '', ...rest] = body.slice(1).split(/\s+/);
      const invocation: CommandInvocation = {
        name: name.toLowerCase(),
        argText: body.slice(1 + name.length).trim() || (rest.length ? rest.join(' ') : ''),
        invoker: who.ref,
        role: who.role,
        channel: channelId('console', where),
        replyHandle: who,
      };
      return emit({ ...base('cmd'), type: 'command.invoked', invocation });
    }
    if (who.role === 'member' && locked.has(where))
      return say(`#${where} is locked: ${who.ref.displayName}'s message was not posted`);
    const wait = (slowmode.get(where) ?? 0) * 1_000;
    const key = `${where}\n${who.ref.id}`;
    if (who.role === 'member' && wait > 0 && options.now().getTime() - (lastPost.get(key) ?? -Infinity) < wait)
      return say(`#${where} is in slowmode: ${who.ref.displayName} must wait before posting again`);
    lastPost.set(key, options.now().getTime());
    const id = messageId('console', nextId('m'));
    recent.push({ id, author: who.ref.id, channel: where });
    if (recent.length > RECENT) recent.shift();
    await emit({
      ...base('msg'),
      type: 'message.posted',
      author: who.ref,
      channel: channelId('console', where),
      message: id,
      text: body,
    });
  };

  /** `:react` and `:unreact`: the latest message in the current channel, by `by` when named. */
  async function react(who: ConsoleMember, args: string[], added: boolean): Promise<void> {
    const [emoji, by] = args;
    const author = by ? member(by).ref.id : undefined;
    const target = recent.findLast((m) => m.channel === channel && (author === undefined || m.author === author));
    if (!emoji) return say(`usage: :${added ? 'react' : 'unreact'} NAME EMOJI [AUTHOR]`);
    if (!target) return say(`no message${by ? ` by ${by}` : ''} in #${channel} to react to`);
    await emit({
      ...base(added ? 'react' : 'unreact'),
      type: added ? 'reaction.added' : 'reaction.removed',
      member: who.ref,
      channel: channelId('console', channel),
      message: target.id,
      emoji,
    });
  }

  async function advanceShowingProgress(ms: number): Promise<void> {
    const from = options.now().getTime();
    const done = (at: Date) => spanDone(at.getTime() - from, ms);
    const finished = await options.advance(ms, (at) => say(`advancing: ${at.toISOString()} (${done(at)})`));
    const now = options.now();
    say(finished ? `time is ${now.toISOString()}` : `advance interrupted at ${now.toISOString()} (${done(now)})`);
  }

  async function input(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return true;
    if (!line.startsWith(':')) {
      if (!current) {
        say('no member yet: start with ":join NAME" (":help" lists everything)');
        return true;
      }
      await post(current, channel, line);
      return true;
    }
    const [verb = '', ...args] = line.slice(1).split(/\s+/);
    const name = args[0];
    switch (verb) {
      case 'help':
        write(CONSOLE_HELP);
        return true;
      case 'quit':
      case 'exit':
        return false;
      case 'time':
        say(`time is ${options.now().toISOString()}`);
        return true;
      case 'who':
        say(
          [...members.values()]
            .map((m) => `${m.ref.displayName} (${m.role}${m.present ? '' : ', away'}${m.hasPhoto ? ', photo' : ''})`)
            .join(', ') || 'nobody yet',
        );
        return true;
      case 'channel':
        if (!name) say(`current channel: #${channel}; declared: ${options.channels.map((c) => `#${c}`).join(' ')}`);
        else {
          channel = name.replace(/^#/, '');
          say(`now in #${channel}`);
        }
        return true;
      case 'advance':
      case 'wait': {
        const ms = parseDuration(args.join(''));
        if (ms === undefined || ms <= 0) say('usage: :advance 30m (units: s, m, h, d, w)');
        else await advanceShowingProgress(ms);
        return true;
      }
    }
    if (!name) {
      say(`usage: :${verb} NAME … (":help" lists everything)`);
      return true;
    }
    const who = member(name);
    switch (verb) {
      case 'join':
        if (args[1] === 'photo') who.hasPhoto = true;
        who.present = true;
        current = who;
        await emit({ ...base('join'), type: 'member.joined', member: who.ref, hasPhoto: who.hasPhoto });
        return true;
      case 'leave':
        who.present = false;
        await emit({ ...base('leave'), type: 'member.left', member: who.ref });
        return true;
      case 'avatar':
        if (args[1] !== 'on' && args[1] !== 'off') say('usage: :avatar NAME on|off');
        else {
          who.hasPhoto = args[1] === 'on';
          await emit({ ...base('update'), type: 'member.updated', member: who.ref, hasPhoto: who.hasPhoto });
        }
        return true;
      case 'role':
        if (!ROLES.includes(args[1] as Role)) say(`usage: :role NAME ${ROLES.join('|')}`);
        else {
          who.role = args[1] as Role;
          say(`${who.ref.displayName} is now ${who.role}`);
        }
        return true;
      case 'react':
      case 'unreact':
        await react(who, args.slice(1), verb === 'react');
        return true;
      case 'dms':
        who.dmsOpen = args[1] !== 'closed';
        say(`${who.ref.displayName}'s direct messages are ${who.dmsOpen ? 'open' : 'closed'}`);
        return true;
      case 'as': {
        const rest = args.slice(1);
        let where = channel;
        if (rest[0]?.startsWith('#')) where = rest.shift()!.slice(1);
        const body = rest.join(' ');
        if (!body) say('usage: :as NAME [#channel] text');
        else await post(who, where, body);
        return true;
      }
      default:
        say(`unknown console command ":${verb}" (":help" lists everything)`);
        return true;
    }
  }

  return {
    platform: 'console',
    ports: {
      messages: {
        async send(target: ChannelId, message) {
          write(botLine(`#${localPart(target)}`, renderConsole(message)));
          return ok(messageId('console', nextId('bot')));
        },
      },
      edits: {
        async edit(target: ChannelId, message, content) {
          write(botLine(`#${localPart(target)} (edits ${localPart(message)})`, renderConsole(content)));
          return ok(undefined);
        },
      },
      directMessages: {
        async sendDirect(target, message) {
          const who = byId(target);
          if (who && !who.dmsOpen) return fail('dm-closed', 'member closed their direct messages');
          write(botLine(`DM @${who?.ref.displayName ?? localPart(target)}`, renderConsole(message)));
          return ok(messageId('console', nextId('dm')));
        },
      },
      channelModeration: {
        async slowDown(target, seconds) {
          const channel = localPart(target);
          const before = slowmode.get(channel) ?? 0;
          slowmode.set(channel, seconds);
          say(`#${channel} slowmode: ${seconds} s`);
          return ok({ kind: 'slowmode', seconds: before });
        },
        async lock(target) {
          const channel = localPart(target);
          const was = locked.has(channel);
          locked.add(channel);
          say(`#${channel} is locked for members`);
          return ok({ kind: 'lock', locked: was });
        },
        async restore(target, snapshot) {
          const channel = localPart(target);
          if (snapshot['kind'] === 'slowmode') slowmode.set(channel, Number(snapshot['seconds'] ?? 0));
          else if (snapshot['locked']) locked.add(channel);
          else locked.delete(channel);
          say(
            `#${channel} restored: slowmode ${slowmode.get(channel) ?? 0} s, ${locked.has(channel) ? 'locked' : 'open'}`,
          );
          return ok(undefined);
        },
      },
      profiles: {
        async getProfile(target) {
          const who = byId(target);
          return who ? ok({ member: who.ref, hasPhoto: who.hasPhoto }) : fail('not-found', 'no such console member');
        },
      },
      // The console has no roles of its own: the transcript shows what a platform would do.
      memberRoles: {
        async grant(target, role) {
          say(`${byId(target)?.ref.displayName ?? localPart(target)} now has the role ${role}`);
          return ok(undefined);
        },
        async revoke(target, role) {
          say(`${byId(target)?.ref.displayName ?? localPart(target)} no longer has the role ${role}`);
          return ok(undefined);
        },
      },
    },
    responder: {
      async respond(invocation, message, opts) {
        write(botLine(replyTarget(invocation, opts), renderConsole(message)));
        return ok(undefined);
      },
    },
    fileResponder: {
      async respondWithFile(invocation, message, file, opts) {
        const dir = options.filesDir ?? join(tmpdir(), 'foyer-files');
        // Only the base name, made safe, so a file name can never point outside the folder.
        const path = join(dir, `${nextId('file')}-${basename(file.name).replace(/[^\w.-]/g, '_')}`);
        const saved = await attempt(
          () => {
            mkdirSync(dir, { recursive: true });
            writeFileSync(path, file.content);
            return ok(undefined);
          },
          (error): Failure => ({
            kind: 'unavailable',
            reason: `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`,
          }),
        );
        if (!saved.ok) return saved;
        write(botLine(replyTarget(invocation, opts), `${renderConsole(message)}\n📎 ${path}`));
        return ok(undefined);
      },
    },
    async start(s) {
      sink = s;
    },
    async stop() {
      sink = undefined;
    },
    input,
  };
}
