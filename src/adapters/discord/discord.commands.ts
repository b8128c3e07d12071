import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { createHash } from 'node:crypto';
import {
  CORE_COMMAND_TEXTS,
  describeArgs,
  type ArgInfo,
  type CommandDef,
  type CommandTexts,
} from '../../core/commands.ts';
import type { Locale } from '../../core/i18n/translator.ts';
import { truncate } from '../../core/rich-text.ts';

/** Discord's locale codes for each of Foyer's languages (English has two). */
const DISCORD_LOCALES: Record<Locale, readonly string[]> = { en: ['en-US', 'en-GB'], fr: ['fr'] };

export interface SlashOption {
  type: ApplicationCommandOptionType;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  required?: boolean;
  choices?: { name: string; value: string }[];
  options?: SlashOption[];
}

export interface SlashCommand {
  type: ApplicationCommandType.ChatInput;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  options?: SlashOption[];
  dm_permission?: boolean;
}

/** When a command also has subcommands, Discord cannot run it bare: it becomes `/name show`. */
export const BARE_SUBCOMMAND = 'show';

// Discord counts these lengths in UTF-16 units.
const clip = (text: string, max: number) => truncate(text, max, { measure: (g) => g.length });
const optionName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, 32);

/**
 * A description in the community's language, with the others as Discord localizations,
 * so a French client sees French whatever the community's language.
 */
function described(
  texts: CommandTexts,
  description: string,
  max = 100,
  decorate = (text: string, _locale: Locale) => text,
) {
  const localized = (locale: Locale) => clip(decorate(texts.describe(description, locale), locale), max);
  const localizations: Record<string, string> = {};
  for (const locale of texts.locales)
    if (locale !== texts.primary) for (const code of DISCORD_LOCALES[locale]) localizations[code] = localized(locale);
  // Only when there is another language: Discord stores an empty map as none anyway.
  return {
    description: localized(texts.primary),
    ...(Object.keys(localizations).length > 0 ? { description_localizations: localizations } : {}),
  };
}

function option(arg: ArgInfo, texts: CommandTexts): SlashOption {
  const base = {
    name: optionName(arg.name),
    ...described(texts, arg.description ?? arg.name),
    required: !arg.optional,
  };
  switch (arg.kind) {
    case 'number':
      return { ...base, type: ApplicationCommandOptionType.Number };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: arg.choices!.slice(0, 25).map((c) => ({ name: c, value: c })),
      };
    case 'list': {
      const commaSeparated = (text: string, locale: Locale) =>
        texts.describe('command.arg.commaSeparated', locale).replace('{description}', text);
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...described(texts, arg.description ?? arg.name, 100, commaSeparated),
      };
    }
    default:
      return { ...base, type: ApplicationCommandOptionType.String };
  }
}

const argOptions = (def: CommandDef, texts: CommandTexts) =>
  describeArgs(def.args)
    .map((arg) => option(arg, texts))
    // Discord requires required options before optional ones.
    .sort((a, b) => Number(b.required) - Number(a.required));

/** Builds Discord's slash commands from Foyer's command definitions, grouping `a b` as subcommand b of a. */
export function buildSlashCommands(
  defs: readonly CommandDef[],
  texts: CommandTexts = CORE_COMMAND_TEXTS,
): SlashCommand[] {
  const groups = new Map<string, CommandDef[]>();
  for (const def of defs) {
    const top = def.name.split(' ')[0]!;
    groups.set(top, [...(groups.get(top) ?? []), def]);
  }
  return [...groups].map(([top, members]) => {
    const bare = members.find((d) => d.name === top);
    if (members.length === 1 && bare)
      return {
        type: ApplicationCommandType.ChatInput,
        name: top,
        ...described(texts, bare.description),
        options: argOptions(bare, texts),
        dm_permission: false,
      };
    return {
      type: ApplicationCommandType.ChatInput,
      name: top,
      ...described(texts, bare?.description ?? members[0]!.description),
      dm_permission: false,
      options: members.map((d) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: d === bare ? BARE_SUBCOMMAND : optionName(d.name.split(' ')[1]!),
        ...described(texts, d.description),
        options: argOptions(d, texts),
      })),
    };
  });
}

/** A stable fingerprint of the command set: commands are re-registered only when it changes. */
export const commandsFingerprint = (commands: readonly unknown[]): string =>
  createHash('sha256').update(JSON.stringify(commands)).digest('hex');

/** The Foyer command name and options of a chat-input interaction's data. */
export function invocationFromInteraction(data: {
  name: string;
  options?: readonly {
    name: string;
    type: number;
    value?: unknown;
    options?: readonly { name: string; value?: unknown }[];
  }[];
}): { name: string; options: Record<string, unknown> } {
  const sub = data.options?.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const name = sub ? (sub.name === BARE_SUBCOMMAND ? data.name : `${data.name} ${sub.name}`) : data.name;
  const options: Record<string, unknown> = {};
  for (const o of (sub ? sub.options : data.options) ?? []) options[o.name] = o.value;
  return { name, options };
}
