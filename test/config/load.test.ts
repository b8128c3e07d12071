import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatConfigError, parseConfig, type ConfigError } from '../../src/config/load.ts';
import { databaseLocation, describeLocation } from '../../src/storage/location.ts';

const EXAMPLE_PATH = fileURLToPath(new URL('../../config/community.example.yaml', import.meta.url));
const EXAMPLE = readFileSync(EXAMPLE_PATH, 'utf8');
const FILE = 'community.yaml';

/** Replaces text that must occur exactly once, so a changed example cannot make a test pass vacuously. */
function edit(source: string, from: string, to: string): string {
  const first = source.indexOf(from);
  if (first < 0 || source.indexOf(from, first + 1) >= 0)
    throw new Error(`expected exactly one ${JSON.stringify(from)} in the source`);
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
    const source = edit(
      EXAMPLE,
      '  kind: auto\n',
      '  kind: auto\n  discord:\n    guildId: "123456789012345678"\n    token: abc.def\n',
    );
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
    const source = edit(
      EXAMPLE,
      '  kind: auto\n',
      '  kind: discord\n  discord: {guildId: "123456789012345678", tokenEnv: FOYER_BOT}\n',
    );
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
    expect(formatConfigError({ file: 'c.yaml', line: 1, column: 1, path: '', message: 'invalid YAML: x' })).toBe(
      'c.yaml:1:1: invalid YAML: x',
    );
  });

  it('formats a real error with its computed location', () => {
    const source = edit(EXAMPLE, 'threshold: 5', 'threshold: ten');
    const { line, column } = positionOf(source, 'threshold: ten', 'threshold: '.length);
    expect(formatConfigError(errorsOf(source)[0]!)).toBe(
      `${FILE}:${line}:${column} features.welcome.burst.threshold: expected a number, got "ten"; use a whole number from 1 to 1000`,
    );
  });
});

describe('parseConfig on YAML aliases', () => {
  it('refuses an alias bomb with a located error instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
    ].join('\n');
    const source = `${MINIMAL}x-bomb:\n${bomb.replace(/^/gm, '  ')}\n`;
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^invalid YAML: too many aliases/);
    expect(errors[0]!.line).toBeGreaterThan(positionOf(source, 'x-bomb:').line);
  });

  it('refuses an alias used before its anchor, located at the alias', () => {
    const source = edit(MINIMAL, '  name: Tiny\n', '  name: *later\n  locale: &later en\n');
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(
      'invalid YAML: the alias *later is used before its anchor &later is set (define the anchor first)',
    );
    expect(errors[0]).toMatchObject({ file: FILE, ...positionOf(source, '*later') });
  });

  it('still accepts aliases used after their anchor', () => {
    const source = edit(MINIMAL, '  name: Tiny\n', '  name: &n Tiny\n').replace('interests: [art]', 'interests: [*n]');
    expect(parseConfig(FILE, source, {}).ok).toBe(true);
  });
});

describe('parseConfig never echoes a secret', () => {
  const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd';
  it.each([
    ['tokenEnv', `  discord: {guildId: "123456789012345678", tokenEnv: "${TOKEN}"}\n`, 'platform.discord.tokenEnv'],
    [
      'accessTokenEnv',
      `  matrix: {homeserverUrl: "https://m.example.org", userId: "@foyer:example.org", accessTokenEnv: "${TOKEN}"}\n`,
      'platform.matrix.accessTokenEnv',
    ],
    [
      'passwordEnv',
      `  matrix: {homeserverUrl: "https://m.example.org", userId: "@foyer:example.org", passwordEnv: "${TOKEN}"}\n`,
      'platform.matrix.passwordEnv',
    ],
  ])('says %s must be the NAME of a variable, without quoting the value', (_field, section, path) => {
    const source = edit(EXAMPLE, '  kind: auto\n', `  kind: auto\n${section}`);
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe(path);
    expect(errors[0]!.message).toMatch(/NAME of an environment variable/);
    expect(errors[0]!.message).not.toContain(TOKEN.slice(0, 8));
    expect(errors[0]!.line).toBe(positionOf(source, TOKEN).line);
  });

  it('does not quote a token pasted into another text setting either', () => {
    const source = edit(MINIMAL, '  id: tiny\n', `  id: "${TOKEN}"\n`);
    const [error] = errorsOf(source);
    expect(error!.path).toBe('community.id');
    expect(error!.message).not.toContain(TOKEN.slice(0, 8));
  });
});

describe('parseConfig database path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-db-path-'));
  const aFile = join(dir, 'not-a-folder');
  writeFileSync(aFile, 'x');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const withPath = (path: string) => `${MINIMAL}database:\n  path: ${JSON.stringify(path)}\n`;

  it('refuses a path whose parent would have to be made inside a file, located at the path, creating nothing', () => {
    const path = join(aFile, 'deeper', 'foyer.sqlite');
    const source = withPath(path);
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'database.path', ...positionOf(source, JSON.stringify(path)) });
    expect(errors[0]!.message).toBe(`cannot create the database here: ${aFile} is a file, not a folder`);
    expect(readdirSync(dir)).toEqual(['not-a-folder']);
  });

  it('refuses a path that is a folder', () => {
    const [error] = errorsOf(withPath(dir));
    expect(error!.path).toBe('database.path');
    expect(error!.message).toBe(
      `${dir} is a folder: give the path of the database file inside it, such as ${join(dir, 'foyer.sqlite')}`,
    );
  });

  it('accepts :memory:, an existing folder and folders still to be created, without creating them', () => {
    expect(parseConfig(FILE, withPath(':memory:'), {}).ok).toBe(true);
    expect(parseConfig(FILE, withPath(join(dir, 'foyer.sqlite')), {}).ok).toBe(true);
    expect(parseConfig(FILE, withPath(join(dir, 'new', 'deeper', 'foyer.sqlite')), {}).ok).toBe(true);
    expect(readdirSync(dir)).toEqual(['not-a-folder']);
  });
});

describe('parseConfig database url (PostgreSQL)', () => {
  const withUrl = (url: string) => `${MINIMAL}database:\n  url: ${JSON.stringify(url)}\n`;

  it('refuses a password in the URL, located at it, and never repeats it', () => {
    const url = 'postgres://foyer:hunter2secret@db.example:5432/foyer';
    const source = withUrl(url);
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'database.url', ...positionOf(source, JSON.stringify(url)) });
    expect(errors[0]!.message).toContain('set the environment variable FOYER_DATABASE_PASSWORD instead');
    expect(errors[0]!.message).not.toContain('hunter2secret');
  });

  it('refuses what is not a PostgreSQL URL naming a database', () => {
    expect(errorsOf(withUrl('mysql://foyer@db/foyer'))[0]!.message).toContain('only PostgreSQL URLs');
    expect(errorsOf(withUrl('postgres://foyer@db:5432'))[0]!.message).toContain('names no database');
    expect(errorsOf(withUrl('not a url'))[0]!.message).toContain('not a URL');
  });

  it('accepts a URL without a password, and takes the password from the variable passwordEnv names', () => {
    const source = `${MINIMAL}database:\n  url: postgres://foyer@db.example:5432/foyer\n  passwordEnv: FOYER_PG_SECRET\n`;
    const parsed = parseConfig(FILE, source, {});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const location = databaseLocation(parsed.value.config.database, { FOYER_PG_SECRET: 's3cr:t/' });
    expect(new URL(location).password).toBe(encodeURIComponent('s3cr:t/'));
    expect(describeLocation(location)).toBe('postgres://foyer:***@db.example:5432/foyer');
  });
});

describe('parseConfig durations', () => {
  const DURATIONS = [
    [
      'welcome:\n    channel: welcome\n',
      'welcome:\n    channel: welcome\n    burst: {window: 0m}\n',
      'features.welcome.burst.window',
    ],
    ['  onboarding:\n', '  photoNudge: {delay: 0h}\n  onboarding:\n', 'features.photoNudge.delay'],
    ['  onboarding:\n', '  photoNudge: {reminderAfter: 0d}\n  onboarding:\n', 'features.photoNudge.reminderAfter'],
    ['  onboarding:\n', '  quietQuestions: {quietAfter: 0m}\n  onboarding:\n', 'features.quietQuestions.quietAfter'],
    [
      '  onboarding:\n',
      '  quietQuestions: {reviveWindow: 0s}\n  onboarding:\n',
      'features.quietQuestions.reviveWindow',
    ],
    [
      '  onboarding:\n',
      '  triage: {acknowledgeWithin: {critical: 0m}}\n  onboarding:\n',
      'features.triage.acknowledgeWithin.critical',
    ],
    ['  onboarding:\n', '  triage: {crisis: {within: 0m}}\n  onboarding:\n', 'features.triage.crisis.within'],
  ] as const;

  it.each(DURATIONS)('refuses a zero duration where it makes no sense (%#: %s)', (from, to, path) => {
    const source = edit(MINIMAL, from, to);
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe(path);
    expect(errors[0]!.message).toMatch(/^expected a duration longer than zero, such as 10m, 2h or 7d, got "0[smhd]"$/);
  });

  it('accepts a calendar grace of zero: missed posts are then reported, never posted late', () => {
    const source = edit(MINIMAL, '  onboarding:\n', '  calendar: {grace: 0m}\n  onboarding:\n');
    const result = parseConfig(FILE, source, {});
    expect(result.ok && result.value.config.features.calendar.grace).toBe(0);
  });

  it('refuses a duration too long to add to a date', () => {
    const source = edit(
      MINIMAL,
      'welcome:\n    channel: welcome\n',
      'welcome:\n    channel: welcome\n    burst: {window: 99999999999999999999d}\n',
    );
    const [error] = errorsOf(source);
    expect(error!.path).toBe('features.welcome.burst.window');
    expect(error!.message).toContain('at most 3650d');
  });
});

describe('parseConfig dates and times of day', () => {
  const entry = (at: string) =>
    edit(
      MINIMAL,
      '  onboarding:\n',
      `  calendar:\n    entries:\n      - {id: launch, at: "${at}", channel: welcome, text: hello, author: Camille}\n  onboarding:\n`,
    );

  it.each([
    ['2030-13-45T99:99', 'month 13 does not exist (01 to 12)'],
    ['2030-02-30T10:00', 'day 30 does not exist in 2030-02 (that month has 28 days)'],
    ['2030-01-01T25:00', 'hour 25 does not exist (00 to 23)'],
    ['2030-01-01T10:61', 'minute 61 does not exist (00 to 59)'],
  ])('refuses the impossible calendar date %j with the reason, at its value', (at, reason) => {
    const source = entry(at);
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'features.calendar.entries.0.at', ...positionOf(source, `"${at}"`) });
    expect(errors[0]!.message).toBe(`"${at}" is not a real date and time: ${reason}`);
  });

  it('says what a date looks like when the text is not one', () => {
    expect(errorsOf(entry('next monday'))[0]!.message).toBe(
      'expected a local date and time such as "2026-12-01T09:00", got "next monday"',
    );
  });

  it.each([
    ['25:00', 'hour 25 does not exist (00 to 23)'],
    ['10:61', 'minute 61 does not exist (00 to 59)'],
  ])('refuses the impossible time of day %j in active hours', (time, reason) => {
    const source = edit(
      MINIMAL,
      '  onboarding:\n',
      `  quietQuestions: {activeHours: {from: "${time}"}}\n  onboarding:\n`,
    );
    const [error] = errorsOf(source);
    expect(error!.path).toBe('features.quietQuestions.activeHours.from');
    expect(error!.message).toBe(`"${time}" is not a time of day: ${reason}`);
  });
});

describe('parseConfig wording for admins', () => {
  const ZOD_WORDS =
    /Invalid input|received|expected (string|number|array|object)\b|[<>]=|Too (small|big)|Invalid (string|key)/;
  const cases: [string, string, string, string][] = [
    ['a number for a duration', 'window: 2m', 'window: 120', 'expected a duration such as 10m, 2h or 7d, got 120'],
    [
      'a number for a time of day',
      'activeHours: { from: "09:00"',
      'activeHours: { from: 900',
      'expected a time of day such as "09:00", got 900',
    ],
    [
      'a number for a date',
      '      - id: weekly-welcome-thread\n        cron: "0 9 * * 1"',
      '      - id: weekly-welcome-thread\n        at: 20301201',
      'expected a local date and time such as "2026-12-01T09:00", got 20301201',
    ],
    [
      'a number for a channel name',
      'channel: welcome',
      'channel: 5',
      'expected the name of a channel declared under "channels:", such as general, got 5',
    ],
    ['a number out of range', 'threshold: 5', 'threshold: 0', 'expected a whole number from 1 to 1000, got 0'],
    [
      'not a number',
      'threshold: 5',
      'threshold: .nan',
      'expected a number, got .nan; use a whole number from 1 to 1000',
    ],
    [
      'a fraction for a whole number',
      'threshold: 5',
      'threshold: 2.5',
      'expected a whole number from 1 to 1000, got 2.5',
    ],
    [
      'a text too long',
      'name: The Garden',
      `name: ${'x'.repeat(120)}`,
      'expected a text of at most 100 characters, got 120 characters',
    ],
    [
      'an empty list',
      '    activeDays: [mon, tue, wed, thu, fri, sat, sun]',
      '    activeDays: []',
      'expected a list of at least 1 item, got an empty list',
    ],
    [
      'a bad channel key',
      '  general: general',
      '  General: general',
      'expected a channel name in lowercase letters, digits and dashes, such as general, got "General"',
    ],
    [
      'a bad web address',
      'url: https://example.org/code-of-conduct',
      'url: example.org',
      'expected a web address starting with https://, got "example.org"',
    ],
    [
      'a list for a text',
      'name: The Garden',
      'name: [Demo]',
      'expected a text (in quotes if it looks like a number), got a list',
    ],
  ];

  it.each(cases)('explains %s in plain words', (_what, from, to, message) => {
    const source = edit(EXAMPLE, from, to);
    const errors = errorsOf(source);
    expect(errors.map((e) => e.message)).toEqual([message]);
    expect(errors[0]!.message).not.toMatch(ZOD_WORDS);
  });
});
