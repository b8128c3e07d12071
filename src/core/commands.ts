import { z } from 'zod';
import type { CommandInvocation, MemberRef } from './events.ts';
import { channelId, localPart, type ChannelId, type MemberId, type MessageId, type Platform } from './ids.ts';
import type { OutgoingFile } from './ports.ts';
import type { Inline, RichText } from './rich-text.ts';
import { CORE_MESSAGES, type Locale } from './i18n/translator.ts';
import type { Role } from './roles.ts';

/**
 * One definition per command. The Discord adapter builds slash commands from it; the
 * Matrix and console adapters parse `!name arg…` / `/name arg…` text against `args`.
 * Names may hold one space for a subcommand (`calendar add`).
 */
export interface CommandDef<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** A message key of the feature's (its text in every language); arguments' `.describe()` too. */
  description: string;
  /** Arguments in positional order. A last string argument takes the rest of the line. */
  args: S;
  /** Checked once in core before `run` is called. */
  role: Role;
  /** Lets members feed this command from a message, where the platform has message menus. */
  messageAction?: MessageAction;
  run(call: CommandCall<z.infer<S>>): Promise<void>;
}

/**
 * A command that can be fed from a message: where the platform has message menus
 * (Discord's context menu), an entry with this label opens a form with these fields, and
 * the command runs with each field's value as the argument of the same name and the
 * picked message as its target and evidence. Text platforms need none: a reply to the
 * message does the same. Texts come from the feature's messages, shown as plain text.
 */
export interface MessageAction {
  /** The menu entry, also the form's title. */
  label: Inline[];
  fields: readonly MessageActionField[];
}

export interface MessageActionField {
  /** The command argument the value fills. */
  name: string;
  label: Inline[];
  /** One line, or several. */
  style: 'short' | 'paragraph';
  required: boolean;
  minLength?: number;
  maxLength?: number;
}

export interface CommandCall<A> {
  args: A;
  invoker: MemberRef;
  role: Role;
  channel: ChannelId;
  /** The message the command was about (a reply target, a context-menu pick), if any. */
  target?: MessageId;
  /** The target message's text, author, time and link, when the platform let the adapter read it. */
  evidence?: { text: string; author: MemberId; at: Date; link?: string };
  reply(message: RichText, options?: { private?: boolean }): Promise<void>;
  /** Present where the platform can attach a file to an answer; otherwise reply with text. */
  replyWithFile?(message: RichText, file: OutgoingFile, options?: { private?: boolean }): Promise<void>;
}

/**
 * Command and argument descriptions in each language, for `/help` and for platforms that
 * publish commands (Discord shows French descriptions to French clients). A description
 * is a message key; text that is not a key is shown as written.
 */
export interface CommandTexts {
  /** The community's language: what platforms show by default. */
  readonly primary: Locale;
  readonly locales: readonly Locale[];
  describe(description: string, locale: Locale): string;
}

/** Core's own messages only, in English: for platforms and tests that have no feature catalogue. */
export const CORE_COMMAND_TEXTS: CommandTexts = {
  primary: 'en',
  locales: ['en'],
  describe: (description, locale) => (CORE_MESSAGES[locale] as Record<string, string>)[description] ?? description,
};

/** Helps features declare commands with their argument types inferred. */
export const defineCommand = <S extends z.ZodObject>(def: CommandDef<S>): CommandDef => def as unknown as CommandDef;

export interface ArgInfo {
  name: string;
  optional: boolean;
  kind: 'string' | 'number' | 'boolean' | 'list' | 'choice';
  choices?: string[];
  description?: string;
}

/** Describes each argument of a schema: for usage lines and for Discord option types. */
export function describeArgs(schema: z.ZodObject): ArgInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    let inner = field as z.ZodType;
    let optional = false;
    const description = inner.description;
    for (;;) {
      const def = inner._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') {
        optional = true;
        inner = def.innerType!;
      } else if (def.type === 'pipe' && def.in) inner = def.in;
      else break;
    }
    const type = (inner._zod.def as { type: string }).type;
    const info: ArgInfo = { name, optional, kind: 'string', description: description ?? inner.description };
    if (type === 'number' || type === 'int' || type === 'bigint') info.kind = 'number';
    else if (type === 'boolean') info.kind = 'boolean';
    else if (type === 'array') info.kind = 'list';
    else if (type === 'enum') {
      info.kind = 'choice';
      info.choices = (inner as z.ZodEnum).options.map(String);
    }
    return info;
  });
}

export function usage(def: CommandDef, prefix = '/'): string {
  const args = describeArgs(def.args).map((a) => {
    const label = a.choices ? a.choices.join('|') : a.kind === 'list' ? `${a.name}…` : a.name;
    return a.optional ? `[${label}]` : `<${label}>`;
  });
  return [`${prefix}${def.name}`, ...args].join(' ');
}

/** Splits a command line into words, keeping "quoted phrases" together. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) tokens.push(match[1] ?? match[2] ?? match[3]!);
  return tokens;
}

/**
 * Maps the words typed after a command to its schema's fields, in order. A list takes
 * every remaining word; the last string field takes the rest of the line verbatim.
 */
export function argsFromText(schema: z.ZodObject, argText: string): Record<string, unknown> {
  const infos = describeArgs(schema);
  const out: Record<string, unknown> = {};
  let rest = argText.trim();
  for (const [index, info] of infos.entries()) {
    if (rest.length === 0) break;
    const isLast = index === infos.length - 1;
    if (info.kind === 'list') {
      out[info.name] = tokenize(rest)
        .flatMap((w) => w.split(','))
        .map((w) => w.trim())
        .filter(Boolean);
      rest = '';
    } else if (isLast && info.kind === 'string') {
      out[info.name] = rest.replace(/^"([^"]*)"$/, '$1');
      rest = '';
    } else {
      const match = /^("([^"]*)"|'([^']*)'|\S+)\s*/.exec(rest)!;
      const word = match[2] ?? match[3] ?? match[1]!;
      rest = rest.slice(match[0].length);
      out[info.name] =
        info.kind === 'number' && word.trim() !== '' && !Number.isNaN(Number(word))
          ? Number(word)
          : info.kind === 'boolean'
            ? ['yes', 'true', 'on', 'oui'].includes(word.toLowerCase()) ||
              (['no', 'false', 'off', 'non'].includes(word.toLowerCase()) ? false : word)
            : word;
    }
  }
  if (rest.length > 0) out['__extra'] = rest;
  return out;
}

/** Options from a slash-command platform; a list argument arrives as one comma-separated string. */
export function argsFromOptions(schema: z.ZodObject, options: Record<string, unknown>): Record<string, unknown> {
  const out = { ...options };
  for (const arg of describeArgs(schema)) {
    const value = out[arg.name];
    if (value === undefined || value === null) delete out[arg.name];
    else if (arg.kind === 'list' && typeof value === 'string')
      out[arg.name] = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  }
  return out;
}

/** Which command a text line names, preferring the longest match (`calendar add` over `calendar`). */
export function matchCommand(
  defs: readonly CommandDef[],
  line: string,
): { def: CommandDef; argText: string } | undefined {
  const words = line.trim();
  let best: { def: CommandDef; argText: string } | undefined;
  for (const def of defs) {
    const lower = words.toLowerCase();
    if (lower === def.name || lower.startsWith(`${def.name} `)) {
      if (!best || def.name.length > best.def.name.length) best = { def, argText: words.slice(def.name.length).trim() };
    }
  }
  return best;
}

/** Channel names from the configuration, with the platform channel each one is. */
export type ConfiguredChannels = ReadonlyMap<string, ChannelId>;

/**
 * A channel as typed in a command: its name in the configuration, the platform's own
 * mention (`<#123>` on Discord, `#name` on the console), a Matrix room id or alias, or
 * the raw or qualified id. Undefined when it can be none of these.
 */
export function parseChannelReference(
  platform: Platform,
  typed: string,
  configured: ConfiguredChannels,
): ChannelId | undefined {
  const value = typed.trim();
  const byName = configured.get(value) ?? configured.get(value.toLowerCase());
  if (byName) return byName;
  if (value.startsWith(`${platform}:`)) return value as ChannelId;
  if (platform === 'discord') {
    const id = /^<#(\d{15,21})>$/.exec(value)?.[1] ?? (/^\d{15,21}$/.test(value) ? value : undefined);
    return id ? channelId('discord', id) : undefined;
  }
  if (platform === 'matrix') return /^[!#][^:\s]+:\S+$/.test(value) ? channelId('matrix', value) : undefined;
  const name = value.replace(/^#/, '');
  if (configured.has(name)) return configured.get(name);
  return /^[\p{L}\p{N}_.-]{1,64}$/u.test(name) ? channelId('console', name) : undefined;
}

/** The configuration's name for a channel, if it has one. */
export function configuredName(channel: ChannelId, configured: ConfiguredChannels): string | undefined {
  for (const [name, id] of configured) if (id === channel) return name;
  return undefined;
}

/**
 * How to type a channel in a command so that it means exactly this channel: its config
 * name, else its raw id — unless that id is also another channel's config name.
 */
export function channelArgument(channel: ChannelId, configured: ConfiguredChannels): string {
  const name = configuredName(channel, configured);
  if (name) return name;
  const raw = localPart(channel);
  return configured.has(raw) ? channel : raw;
}

export type { CommandInvocation };
