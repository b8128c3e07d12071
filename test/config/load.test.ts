import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatConfigError, parseConfig, type ConfigError } from '../../src/config/load.ts';

const EXAMPLE_PATH = fileURLToPath(new URL('../../config/community.example.yaml', import.meta.url));
const EXAMPLE = readFileSync(EXAMPLE_PATH, 'utf8');
const FILE = 'community.yaml';

/** Replaces text that must occur exactly once, so a changed example cannot make a test pass vacuously. */
function edit(source: string, from: string, to: string): string {
  const first = source.indexOf(from);
  if (first < 0 || source.indexOf(from, first + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)} in the source`);
  return source.slice(0, first) + to + source.slice(first + from.length);
}

/** 1-based line and column of the first occurrence of `needle` (at `offset` within it), computed from the text. */
function positionOf(source: string, needle: string, offset = 0): { line: number; column: number } {
  const index = source.indexOf(needle);
  if (index < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  const before = source.slice(0, index + offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

function errorsOf(source: string, env: Record<string, string | undefined> = {}): ConfigError[] {
  const result = parseConfig(FILE, source, env);
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
}

const MINIMAL = `community:
  id: tiny
  name: Tiny
  codeOfConduct:
    url: https://example.org/coc
channels:
  welcome: welcome-room
  intro: intro-room
features:
  welcome:
    channel: welcome
  onboarding:
    introChannel: intro
    interests: [art]
`;

describe('parseConfig on valid files', () => {
  it('accepts the documented example and runs it on the console', () => {
    const result = parseConfig(EXAMPLE_PATH, EXAMPLE, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.platform).toBe('console');
    expect(result.value.file).toBe(EXAMPLE_PATH);
    expect(result.value.config.community.id).toBe('demo-garden');
    expect(result.value.config.features.welcome.burst.window).toBe(2 * 60_000);
    expect(result.value.secrets).toEqual({});
  });

  it('accepts a minimal file and fills in the defaults', () => {
    const result = parseConfig(FILE, MINIMAL, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.config.community.locale).toBe('en');
    expect(result.value.config.community.timezone).toBe('UTC');
    expect(result.value.config.database.path).toBe('data/foyer.sqlite');
    expect(result.value.config.features.welcome.burst.threshold).toBe(5);
  });

  it('accepts a file with onboarding disabled and no intro channel, interests or code of conduct', () => {
    const source = `community:
  id: tiny
  name: Tiny
channels:
  welcome: w
features:
  welcome:
    channel: welcome
  onboarding:
    enabled: false
`;
    expect(parseConfig(FILE, source, {}).ok).toBe(true);
  });
});

describe('parseConfig on invalid YAML', () => {
  it('reports bad indentation as one error at the misindented line', () => {
    const source = 'community:\n  id: tiny\n name: Tiny\n';
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^invalid YAML: /);
    expect(errors[0]).toMatchObject({ file: FILE, ...positionOf(source, ' name: Tiny') });
  });

  it('reports a tab used for indentation at the line where it is', () => {
    const source = edit(MINIMAL, '  intro: intro-room\n', '\tintro: intro-room\n');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/tab/i);
    expect(errors[0]).toMatchObject(positionOf(source, '\tintro'));
  });

  it('reports an unclosed bracket on the line of the bracket or the next one, not at the top of the file', () => {
    const source = edit(MINIMAL, '  intro: intro-room\n', '  intro: [intro-room\n');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^invalid YAML: .*\]/);
    const bracketLine = positionOf(source, '[intro-room').line;
    expect(errors[0]!.line).toBeGreaterThanOrEqual(bracketLine);
    expect(errors[0]!.line).toBeLessThanOrEqual(bracketLine + 1);
  });

  it('reports a key written twice at its second occurrence', () => {
    const source = edit(MINIMAL, '  name: Tiny\n', '  name: Tiny\n  name: Tiny again\n');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject(positionOf(source, 'name: Tiny again'));
  });
});

describe('parseConfig on invalid settings', () => {
  it('says a number was expected and points at the wrong value', () => {
    const source = edit(EXAMPLE, 'threshold: 5', 'threshold: ten');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('expected a number, got "ten"');
    expect(errors[0]!.path).toBe('features.welcome.burst.threshold');
    expect(errors[0]).toMatchObject({ file: FILE, ...positionOf(source, 'threshold: ten', 'threshold: '.length) });
  });

  it('suggests the nearest key for a misspelled feature and points at the key', () => {
    const source = edit(EXAMPLE, '  welcome:\n    enabled: true', '  welcom:\n    enabled: true');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('unknown key "welcom"');
    expect(errors[0]!.message).toContain('did you mean "welcome"?');
    expect(errors[0]).toMatchObject({ path: 'features.welcom', ...positionOf(source, 'welcom:') });
  });

  it('makes no suggestion for an unknown key that is not close to any valid one', () => {
    const source = edit(MINIMAL, 'features:\n', 'features:\n  zzzzzzzz: true\n');
    const [error] = errorsOf(source);
    expect(error!.message).toContain('unknown key "zzzzzzzz"');
    expect(error!.message).not.toContain('did you mean');
  });

  it('tells the admin that a token belongs in the environment, not in the file', () => {
    const source = edit(EXAMPLE, '  kind: auto\n', '  kind: auto\n  discord:\n    guildId: "123456789012345678"\n    token: abc.def\n');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('unknown key "token"');
    expect(errors[0]!.message).toMatch(/environment/);
    expect(errors[0]).toMatchObject({ path: 'platform.discord.token', ...positionOf(source, 'token: abc.def') });
  });

  it('refuses a bad timezone at its value', () => {
    const source = edit(EXAMPLE, 'timezone: Europe/Paris', 'timezone: Mars/Olympus_Mons');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/unknown timezone/);
    expect(errors[0]).toMatchObject({ path: 'community.timezone', ...positionOf(source, 'Mars/Olympus_Mons') });
  });

  it('refuses a bad duration and quotes it', () => {
    const source = edit(EXAMPLE, 'window: 2m', 'window: soon');
    const [error] = errorsOf(source);
    expect(error!.message).toContain('"soon"');
    expect(error).toMatchObject({ path: 'features.welcome.burst.window', ...positionOf(source, 'soon') });
  });

  it('lists the allowed values of a setting with a fixed set of choices', () => {
    const source = edit(EXAMPLE, 'delivery: channel', 'delivery: pigeon');
    const [error] = errorsOf(source);
    expect(error!.message).toBe('expected one of "channel", "dm", got "pigeon"');
  });

  it('says which required setting is missing and points at its parent key', () => {
    const source = edit(MINIMAL, '  name: Tiny\n', '');
    const [error] = errorsOf(source);
    expect(error!.path).toBe('community.name');
    expect(error!.message).toMatch(/is required/);
    expect(error).toMatchObject(positionOf(source, 'community:'));
  });
});

describe('parseConfig templates', () => {
  it('refuses an override that uses an unknown variable and lists the allowed ones', () => {
    const source = edit(EXAMPLE, 'Make yourself at home.', 'Hello {foo}.');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('unknown variable {foo}');
    expect(errors[0]!.message).toContain('{community}');
    expect(errors[0]!.message).toContain('{member}');
    expect(errors[0]!.path).toBe('templates.en.welcome.single');
    expect(errors[0]!.line).toBe(positionOf(source, 'Hello {foo}.').line);
  });

  it('refuses an override of an unknown message, located at its key', () => {
    const source = edit(EXAMPLE, '    welcome.single: "Welcome', '    welcome.singel: "Welcome');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('welcome.singel');
    expect(errors[0]).toMatchObject(positionOf(source, 'welcome.singel:'));
  });

  it('names the unknown message key once in the path and suggests the nearest message', () => {
    const source = edit(EXAMPLE, '    welcome.single: "Welcome', '    welcome.singel: "Welcome');
    const [error] = errorsOf(source);
    expect(error!.path).toBe('templates.en.welcome.singel');
    expect(error!.message).toContain('did you mean "welcome.single"?');
  });
});

describe('parseConfig semantic checks', () => {
  it('refuses a welcome channel that is not declared under channels', () => {
    const source = edit(EXAMPLE, 'channel: welcome', 'channel: lobby');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('unknown channel "lobby"');
    expect(errors[0]!.message).toContain('general, welcome, introductions');
    expect(errors[0]).toMatchObject({ path: 'features.welcome.channel', ...positionOf(source, 'lobby') });
  });

  it('asks for a welcome channel when the welcome is enabled without one', () => {
    const source = edit(MINIMAL, '  welcome:\n    channel: welcome\n', '  welcome:\n    enabled: true\n');
    const errors = errorsOf(source);
    expect(errors.map((e) => e.path)).toContain('features.welcome.channel');
  });

  it('refuses the discord platform when its token is missing from the environment, naming the variable', () => {
    const source = edit(EXAMPLE, '  kind: auto\n', '  kind: discord\n  discord: {guildId: "123456789012345678"}\n');
    const errors = errorsOf(source, { MATRIX_ACCESS_TOKEN: 'irrelevant' });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('missing secret');
    expect(errors[0]!.message).toContain('DISCORD_TOKEN');
    expect(errors[0]).toMatchObject({ path: 'platform.discord', ...positionOf(source, 'discord: {guildId') });
  });

  it('uses the discord platform and its token when the environment has it', () => {
    const source = edit(EXAMPLE, '  kind: auto\n', '  kind: discord\n  discord: {guildId: "123456789012345678"}\n');
    const result = parseConfig(FILE, source, { DISCORD_TOKEN: 'secret-token' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.platform).toBe('discord');
    expect(result.value.secrets.discordToken).toBe('secret-token');
    expect(JSON.stringify(result.value.config)).not.toContain('secret-token');
  });

  it('reads the token from the variable named by tokenEnv', () => {
    const source = edit(EXAMPLE, '  kind: auto\n', '  kind: discord\n  discord: {guildId: "123456789012345678", tokenEnv: FOYER_BOT}\n');
    expect(errorsOf(source, { DISCORD_TOKEN: 'wrong-place' })[0]!.message).toContain('FOYER_BOT');
    const result = parseConfig(FILE, source, { FOYER_BOT: 'tok' });
    expect(result.ok && result.value.secrets.discordToken).toBe('tok');
  });

  it('picks discord automatically when its section and token are present, and the console otherwise', () => {
    const source = edit(EXAMPLE, '  kind: auto\n', '  kind: auto\n  discord: {guildId: "123456789012345678"}\n');
    const withToken = parseConfig(FILE, source, { DISCORD_TOKEN: 'tok' });
    expect(withToken.ok && withToken.value.platform).toBe('discord');
    const without = parseConfig(FILE, source, {});
    expect(without.ok && without.value.platform).toBe('console');
    expect(without.ok && without.value.secrets).toEqual({});
  });
});

describe('formatConfigError', () => {
  it('formats an error as file:line:col path: message', () => {
    expect(formatConfigError({ file: 'c.yaml', line: 12, column: 7, path: 'features.welcome', message: 'oops' })).toBe(
      'c.yaml:12:7 features.welcome: oops',
    );
  });

  it('leaves the path out when the error has none', () => {
    expect(formatConfigError({ file: 'c.yaml', line: 1, column: 1, path: '', message: 'invalid YAML: x' })).toBe('c.yaml:1:1: invalid YAML: x');
  });

  it('formats a real error with its computed location', () => {
    const source = edit(EXAMPLE, 'threshold: 5', 'threshold: ten');
    const { line, column } = positionOf(source, 'threshold: ten', 'threshold: '.length);
    expect(formatConfigError(errorsOf(source)[0]!)).toBe(
      `${FILE}:${line}:${column} features.welcome.burst.threshold: expected a number, got "ten"`,
    );
  });
});
