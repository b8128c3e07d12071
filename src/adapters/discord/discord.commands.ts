import { createHash } from 'node:crypto';
import { describeArgs, type ArgInfo, type CommandDef } from '../../core/commands.ts';
import { truncate } from '../../core/rich-text.ts';

/** Option types of Discord's application command API. */
const OPTION = { subcommand: 1, string: 3, integer: 4, boolean: 5, number: 10 } as const;

export interface SlashOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string }[];
  options?: SlashOption[];
}

export interface SlashCommand {
  type: 1 | 3;
  name: string;
  description: string;
  options?: SlashOption[];
  dm_permission?: boolean;
}

/** When a command also has subcommands, Discord cannot run it bare: it becomes `/name show`. */
export const BARE_SUBCOMMAND = 'show';

// Discord counts these lengths in UTF-16 units.
const clip = (text: string, max: number) => truncate(text, max, { measure: (g) => g.length });
const optionName = (name: string) => name.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 32);

function option(arg: ArgInfo): SlashOption {
  const base = { name: optionName(arg.name), description: clip(arg.description ?? arg.name, 100), required: !arg.optional };
  switch (arg.kind) {
    case 'number':
      return { ...base, type: OPTION.number };
    case 'boolean':
      return { ...base, type: OPTION.boolean };
    case 'choice':
      return { ...base, type: OPTION.string, choices: arg.choices!.slice(0, 25).map((c) => ({ name: c, value: c })) };
    case 'list':
      return { ...base, type: OPTION.string, description: clip(`${arg.description ?? arg.name} (comma-separated)`, 100) };
    default:
      return { ...base, type: OPTION.string };
  }
}

const argOptions = (def: CommandDef) =>
  describeArgs(def.args)
    .map(option)
    // Discord requires required options before optional ones.
    .sort((a, b) => Number(b.required) - Number(a.required));

/** Builds Discord's slash commands from Foyer's command definitions, grouping `a b` as subcommand b of a. */
export function buildSlashCommands(defs: readonly CommandDef[]): SlashCommand[] {
  const groups = new Map<string, CommandDef[]>();
  for (const def of defs) {
    const top = def.name.split(' ')[0]!;
    groups.set(top, [...(groups.get(top) ?? []), def]);
  }
  return [...groups].map(([top, members]) => {
    const bare = members.find((d) => d.name === top);
    if (members.length === 1 && bare) return { type: 1, name: top, description: clip(bare.description, 100), options: argOptions(bare), dm_permission: false };
    return {
      type: 1,
      name: top,
      description: clip(bare?.description ?? members[0]!.description, 100),
      dm_permission: false,
      options: members.map((d) => ({
        type: OPTION.subcommand,
        name: d === bare ? BARE_SUBCOMMAND : optionName(d.name.split(' ')[1]!),
        description: clip(d.description, 100),
        options: argOptions(d),
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
  options?: readonly { name: string; type: number; value?: unknown; options?: readonly { name: string; value?: unknown }[] }[];
}): { name: string; options: Record<string, unknown> } {
  const sub = data.options?.find((o) => o.type === OPTION.subcommand);
  const name = sub ? (sub.name === BARE_SUBCOMMAND ? data.name : `${data.name} ${sub.name}`) : data.name;
  const options: Record<string, unknown> = {};
  for (const o of (sub ? sub.options : data.options) ?? []) options[o.name] = o.value;
  return { name, options };
}

