import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  argsFromText,
  defineCommand,
  describeArgs,
  matchCommand,
  tokenize,
  usage,
  type CommandDef,
} from '../../src/core/commands.ts';

const command = <S extends z.ZodObject>(name: string, args: S): CommandDef =>
  defineCommand({ name, description: `the ${name} command`, args, role: 'member', run: async () => undefined });

describe('tokenize', () => {
  it('splits on whitespace and keeps double-quoted phrases together', () => {
    expect(tokenize('add  "Launch party" tomorrow')).toEqual(['add', 'Launch party', 'tomorrow']);
  });

  it('keeps single-quoted phrases together too', () => {
    expect(tokenize("say 'hello there' now")).toEqual(['say', 'hello there', 'now']);
  });

  it('returns an empty quoted phrase as an empty word', () => {
    expect(tokenize('a "" b')).toEqual(['a', '', 'b']);
  });

  it('returns no words for a blank line', () => {
    expect(tokenize('   \t ')).toEqual([]);
  });
});

describe('argsFromText', () => {
  it('maps positional words to the schema fields in order', () => {
    const schema = z.object({ first: z.string(), second: z.string(), third: z.number() });
    // `third` is last but a number, so `second` takes only one word.
    expect(argsFromText(schema, 'alpha beta 3')).toEqual({ first: 'alpha', second: 'beta', third: 3 });
  });

  it('gives the rest of the line, verbatim, to a last string field', () => {
    const schema = z.object({ channel: z.string(), message: z.string() });
    expect(argsFromText(schema, 'general   Hello  everyone, see "the rules"!')).toEqual({
      channel: 'general',
      message: 'Hello  everyone, see "the rules"!',
    });
  });

  it('removes the quotes around a last string field that is quoted as a whole', () => {
    const schema = z.object({ message: z.string() });
    expect(argsFromText(schema, '"hello there"')).toEqual({ message: 'hello there' });
  });

  it('keeps the quotes of a last string field whose quotes do not enclose all of it', () => {
    const schema = z.object({ message: z.string() });
    expect(argsFromText(schema, '"Launch" party at "noon"')).toEqual({ message: '"Launch" party at "noon"' });
  });

  it('takes a quoted phrase as one word for a field that is not last', () => {
    const schema = z.object({ title: z.string(), when: z.string() });
    expect(argsFromText(schema, '"Launch party" friday 18:00')).toEqual({
      title: 'Launch party',
      when: 'friday 18:00',
    });
  });

  it('gives every remaining comma- or space-separated word to a list field', () => {
    const schema = z.object({ interests: z.array(z.string()) });
    expect(argsFromText(schema, 'design, development events,writing ,')).toEqual({
      interests: ['design', 'development', 'events', 'writing'],
    });
  });

  it('converts numeric words for number fields and leaves non-numbers for validation to refuse', () => {
    const schema = z.object({ count: z.number(), name: z.string().optional(), more: z.number() });
    expect(argsFromText(schema, '12 x 2.5')).toEqual({ count: 12, name: 'x', more: 2.5 });
    const parsed = argsFromText(z.object({ count: z.number() }), 'ten');
    expect(parsed).toEqual({ count: 'ten' });
    expect(z.object({ count: z.number() }).safeParse(parsed).success).toBe(false);
  });

  it('keeps a word as text for a string field even when it looks like a number', () => {
    const schema = z.object({ code: z.string(), amount: z.number() });
    expect(argsFromText(schema, '007 5')).toEqual({ code: '007', amount: 5 });
  });

  it('reads yes/no words for boolean fields', () => {
    const schema = z.object({ on: z.boolean(), off: z.boolean(), other: z.boolean() });
    expect(argsFromText(schema, 'yes non maybe')).toEqual({ on: true, off: false, other: 'maybe' });
  });

  it('reports words left over as __extra when the schema has no trailing string', () => {
    const schema = z.object({ count: z.number() });
    expect(argsFromText(schema, '3 4 five')).toEqual({ count: 3, __extra: '4 five' });
  });

  it('has no __extra when every word found a field', () => {
    const schema = z.object({ choice: z.enum(['a', 'b']), count: z.number() });
    expect(argsFromText(schema, 'a 2')).not.toHaveProperty('__extra');
  });

  it('leaves fields unset when the line has fewer words than the schema', () => {
    const schema = z.object({ first: z.string(), second: z.number().optional() });
    expect(argsFromText(schema, '  only  ')).toEqual({ first: 'only' });
    expect(argsFromText(schema, '')).toEqual({});
  });
});

describe('describeArgs', () => {
  it('marks optional and defaulted fields optional and required fields not', () => {
    const schema = z.object({
      required: z.string(),
      maybe: z.string().optional(),
      fallback: z.number().default(3),
    });
    expect(describeArgs(schema).map(({ name, optional, kind }) => ({ name, optional, kind }))).toEqual([
      { name: 'required', optional: false, kind: 'string' },
      { name: 'maybe', optional: true, kind: 'string' },
      { name: 'fallback', optional: true, kind: 'number' },
    ]);
  });

  it('describes an enum as a choice with its options', () => {
    const [info] = describeArgs(z.object({ step: z.enum(['photo', 'interests']).optional() }));
    expect(info).toMatchObject({ name: 'step', kind: 'choice', choices: ['photo', 'interests'], optional: true });
  });

  it('describes an array as a list and a boolean as a boolean', () => {
    const infos = describeArgs(z.object({ tags: z.array(z.string()), flag: z.boolean() }));
    expect(infos.map((i) => i.kind)).toEqual(['list', 'boolean']);
  });

  it('sees through transforms to the input type', () => {
    const [info] = describeArgs(z.object({ n: z.number().transform((v) => v * 2) }));
    expect(info!.kind).toBe('number');
  });

  it('keeps a field description, even on an optional field', () => {
    const [info] = describeArgs(z.object({ reason: z.string().describe('why you report it').optional() }));
    expect(info!.description).toBe('why you report it');
  });
});

describe('matchCommand', () => {
  const rules = command('rules', z.object({}));
  const accept = command('rules accept', z.object({}));
  const calendar = command('calendar add', z.object({ title: z.string() }));

  it('prefers the longest command name that matches', () => {
    for (const defs of [
      [rules, accept],
      [accept, rules],
    ]) {
      const match = matchCommand(defs, 'rules accept');
      expect(match?.def.name).toBe('rules accept');
      expect(match?.argText).toBe('');
    }
  });

  it('falls back to the shorter name and passes the remaining words as arguments', () => {
    const match = matchCommand([rules, accept], 'rules show all');
    expect(match?.def.name).toBe('rules');
    expect(match?.argText).toBe('show all');
  });

  it('matches names case-insensitively but keeps the arguments as typed', () => {
    const match = matchCommand([calendar], '  Calendar ADD Launch Party ');
    expect(match?.def.name).toBe('calendar add');
    expect(match?.argText).toBe('Launch Party');
  });

  it('does not match a command whose name is only a prefix of the typed word', () => {
    expect(matchCommand([rules], 'rulesaccept')).toBeUndefined();
    expect(matchCommand([rules], 'help')).toBeUndefined();
  });
});

describe('usage', () => {
  it('writes required arguments in angle brackets, optional ones in square brackets, choices and lists', () => {
    const def = command(
      'calendar add',
      z.object({
        title: z.string(),
        kind: z.enum(['post', 'event']),
        tags: z.array(z.string()).optional(),
        note: z.string().default(''),
      }),
    );
    expect(usage(def)).toBe('/calendar add <title> <post|event> [tags…] [note]');
  });

  it('uses the given prefix and shows a bare name for a command without arguments', () => {
    expect(usage(command('rules accept', z.object({})), '!')).toBe('!rules accept');
  });
});

import { parseMemberReference } from '../../src/core/ids.ts';

describe('member references typed in commands', () => {
  it('reads each platform’s way of naming a member, and refuses anything else', () => {
    expect(parseMemberReference('discord', '<@123456789012345678>')).toBe('discord:123456789012345678');
    expect(parseMemberReference('discord', '<@!123456789012345678>')).toBe('discord:123456789012345678');
    expect(parseMemberReference('discord', 'ana')).toBeUndefined();
    expect(parseMemberReference('matrix', '@ana:example.org')).toBe('matrix:@ana:example.org');
    expect(parseMemberReference('matrix', 'ana')).toBeUndefined();
    expect(parseMemberReference('console', '@Ana')).toBe('console:ana');
    expect(parseMemberReference('console', '<b>')).toBeUndefined();
  });
});

import { channelArgument, parseChannelReference } from '../../src/core/commands.ts';
import { channelId, type ChannelId, type Platform } from '../../src/core/ids.ts';

describe('channel references typed in commands', () => {
  const discord = new Map([['general', channelId('discord', '1577391218923499568')]]);
  const matrix = new Map([
    ['general', channelId('matrix', '!abc:example.org')],
    ['lobby', channelId('matrix', '#lobby:example.org')],
  ]);
  const console_ = new Map([
    ['general', channelId('console', 'general')],
    ['lounge', channelId('console', 'town-square')],
  ]);

  it('reads the config name, the platform’s mention and the raw id on Discord', () => {
    for (const typed of ['general', '<#1577391218923499568>', '1577391218923499568', 'discord:1577391218923499568'])
      expect(parseChannelReference('discord', typed, discord), typed).toBe('discord:1577391218923499568');
    expect(parseChannelReference('discord', '<#99>', discord)).toBeUndefined();
    expect(parseChannelReference('discord', 'nowhere', discord)).toBeUndefined();
  });

  it('reads room ids and aliases on Matrix, and #name or the raw name on the console', () => {
    expect(parseChannelReference('matrix', '!abc:example.org', matrix)).toBe('matrix:!abc:example.org');
    expect(parseChannelReference('matrix', '#lobby:example.org', matrix)).toBe('matrix:#lobby:example.org');
    expect(parseChannelReference('matrix', 'lobby', matrix)).toBe('matrix:#lobby:example.org');
    expect(parseChannelReference('matrix', '<b>', matrix)).toBeUndefined();
    expect(parseChannelReference('console', '#lounge', console_)).toBe('console:town-square');
    expect(parseChannelReference('console', 'town-square', console_)).toBe('console:town-square');
    expect(parseChannelReference('console', '#random', console_)).toBe('console:random');
    expect(parseChannelReference('console', '<script>', console_)).toBeUndefined();
  });

  it('suggests a channel argument that reads back as that very channel, on every platform', () => {
    const cases: [Platform, Map<string, ChannelId>, ChannelId][] = [
      ['discord', discord, channelId('discord', '1577391218923499568')],
      ['discord', discord, channelId('discord', '123456789012345678')],
      ['matrix', matrix, channelId('matrix', '!other:example.org')],
      ['console', console_, channelId('console', 'town-square')],
      ['console', console_, channelId('console', 'random')],
      // Not configured, but its raw name is another channel's config name.
      ['console', console_, channelId('console', 'lounge')],
    ];
    for (const [platform, configured, channel] of cases)
      expect(parseChannelReference(platform, channelArgument(channel, configured), configured), channel).toBe(channel);
    expect(channelArgument(channelId('discord', '1577391218923499568'), discord)).toBe('general');
  });
});

import { afterEach } from 'vitest';
import { Harness } from '../support/harness.ts';

describe('a command typed with a wrong argument', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('gets a helpful reply with the command’s usage, never the validator’s wording', async () => {
    h = await Harness.start();
    h.roles.set('mod', 'moderator');
    const replies: [string, string][] = [
      ['/triage show abc', '`id` must be a number, like 3.'],
      ['/triage show 1.5', '`id` must be a whole number, like 3.'],
      ['/triage show 0', '`id` must be more than 0.'],
      ['/triage show', '`id` is missing.'],
      ['/triage resolve 1 maybe fine', '`verdict` must be one of: upheld, dismissed.'],
      ['/triage resolve 1 upheld ok', '`outcome` must be at least 3 characters long.'],
      ['/triage show 1 2', 'I did not expect `2` after the command.'],
    ];
    for (const [line, problem] of replies) {
      await h.command('mod', line);
      const reply = h.lastReplyTo('mod')!;
      expect(reply.replace(/\n+/g, ' '), line).toContain(problem.replaceAll('`', ''));
      expect(reply, line).toContain(`Usage: ${line.split(' ').slice(0, 2).join(' ')} <id>`);
      expect(reply, line).not.toMatch(/expected|received|Too (small|big)|Invalid/);
    }
  });

  it('answers in the member’s language', async () => {
    h = await Harness.start();
    h.roles.set('mod', 'moderator');
    await h.join('mod');
    await h.command('mod', '/language fr');
    await h.command('mod', '/triage show abc');
    expect(h.lastReplyTo('mod')).toBe('id doit être un nombre, par exemple 3.\n\nUtilisation : /triage show <id>');
    await h.command('mod', '/triage resolve 1 upheld ok');
    expect(h.lastReplyTo('mod')).toContain('outcome doit faire au moins 3 caractères.');
  });
});
