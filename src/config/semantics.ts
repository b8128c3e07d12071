import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PlatformKind } from './load.ts';
import type { FoyerConfig } from './schema.ts';
import { checkCron } from '../core/scheduler.ts';

interface SemanticError {
  path: PropertyKey[];
  message: string;
  atKey?: boolean;
}

/**
 * Checks that need the whole file: a feature that needs a channel has one, named
 * channels exist, the chosen platform has its secret in the environment.
 */
export function checkSemantics(config: FoyerConfig, env: Readonly<Record<string, string | undefined>>): {
  errors: SemanticError[];
  platform: PlatformKind;
  secrets: { discordToken?: string; matrixAccessToken?: string; matrixPassword?: string };
} {
  const errors: SemanticError[] = [];
  const declared = Object.keys(config.channels);
  const needChannel = (path: PropertyKey[], name: string | undefined, why: string): void => {
    if (name === undefined) errors.push({ path, message: `${why}: name a channel declared under "channels:"`, atKey: true });
    else if (!config.channels[name])
      errors.push({ path, message: `unknown channel "${name}"; declared channels: ${declared.join(', ') || 'none'}` });
  };

  const { welcome, onboarding } = config.features;
  if (welcome.enabled) needChannel(['features', 'welcome', 'channel'], welcome.channel, 'the welcome needs a channel (grouped welcomes during a join burst are posted there)');
  if (onboarding.enabled) {
    if (onboarding.steps.includes('introduce'))
      needChannel(['features', 'onboarding', 'introChannel'], onboarding.introChannel, 'the "introduce" step needs an intro channel');
    if (onboarding.steps.includes('interests') && onboarding.interests.length === 0)
      errors.push({ path: ['features', 'onboarding', 'interests'], message: 'the "interests" step needs at least one interest to pick from', atKey: true });
    if (onboarding.steps.includes('code-of-conduct') && !config.community.codeOfConduct.url && !config.community.codeOfConduct.summary)
      errors.push({ path: ['community', 'codeOfConduct'], message: 'the "code-of-conduct" step needs community.codeOfConduct.url or .summary', atKey: true });
    if (onboarding.congratulate === 'channel' && !welcome.channel)
      errors.push({ path: ['features', 'onboarding', 'congratulate'], message: 'congratulating in a channel needs features.welcome.channel' });
  }

  const nudge = config.features.photoNudge;
  if (nudge.enabled && nudge.delivery === 'mention' && nudge.channel !== undefined) needChannel(['features', 'photoNudge', 'channel'], nudge.channel, 'the photo nudge by mention needs a channel');
  if (nudge.enabled && nudge.delivery === 'mention' && nudge.channel === undefined && !welcome.channel)
    errors.push({ path: ['features', 'photoNudge', 'channel'], message: 'the photo nudge by mention needs a channel (or features.welcome.channel)', atKey: true });

  const quiet = config.features.quietQuestions;
  if (quiet.enabled) {
    quiet.channels.forEach((name, i) => needChannel(['features', 'quietQuestions', 'channels', i], name, 'a watched channel'));
    if (quiet.channels.length > 0 && quiet.questions[config.community.locale].length === 0)
      errors.push({ path: ['features', 'quietQuestions', 'questions'], message: `watching channels needs questions in the community's language (questions.${config.community.locale})`, atKey: true });
  }

  const cal = config.features.calendar;
  if (cal.enabled) {
    if (cal.reportChannel !== undefined) needChannel(['features', 'calendar', 'reportChannel'], cal.reportChannel, 'missed-post reports');
    const ids = new Set<string>();
    cal.entries.forEach((e, i) => {
      const at = ['features', 'calendar', 'entries', i];
      if (ids.has(e.id)) errors.push({ path: [...at, 'id'], message: `entry id "${e.id}" is used twice` });
      ids.add(e.id);
      if ((e.at === undefined) === (e.cron === undefined)) errors.push({ path: at, message: 'give either "at" (a date and time) or "cron" (a recurring schedule)' });
      if (e.cron !== undefined) {
        const problem = checkCron(e.cron, e.timezone ?? config.community.timezone);
        if (problem) errors.push({ path: [...at, 'cron'], message: `the cron expression does not parse: ${problem}` });
      }
      if ((e.text === undefined) === (e.file === undefined)) errors.push({ path: at, message: 'give either "text" or "file"' });
      needChannel([...at, 'channel'], e.channel, 'a calendar entry');
    });
  }

  const tri = config.features.triage;
  if (tri.enabled) {
    if (tri.moderatorsChannel !== undefined) needChannel(['features', 'triage', 'moderatorsChannel'], tri.moderatorsChannel, 'reports');
    for (const level of ['critical', 'high', 'medium'] as const)
      tri.rules[level].forEach((rule, i) => {
        try {
          new RegExp(rule, 'i');
        } catch (error) {
          errors.push({ path: ['features', 'triage', 'rules', level, i], message: `not a valid pattern: ${(error as Error).message}` });
        }
      });
  }

  const databaseProblem = checkDatabasePath(config.database.path);
  if (databaseProblem) errors.push({ path: ['database', 'path'], message: databaseProblem });

  const secrets: { discordToken?: string; matrixAccessToken?: string; matrixPassword?: string } = {};
  const { discord, matrix, kind } = config.platform;
  const discordToken = discord ? env[discord.tokenEnv] : undefined;
  const matrixToken = matrix ? env[matrix.accessTokenEnv] : undefined;
  const matrixPassword = matrix ? env[matrix.passwordEnv] : undefined;
  let platform: PlatformKind = 'console';
  if (kind === 'discord' || kind === 'matrix') {
    const section = kind === 'discord' ? discord : matrix;
    const envName = kind === 'discord' ? discord?.tokenEnv : matrix?.accessTokenEnv;
    if (!section) errors.push({ path: ['platform', 'kind'], message: `platform "${kind}" needs a platform.${kind} section` });
    else if (!(kind === 'discord' ? discordToken : matrixToken ?? matrixPassword))
      errors.push({ path: ['platform', kind], message: `missing secret: set the environment variable ${envName}${kind === 'matrix' ? ` or ${matrix?.passwordEnv}` : ''} (secrets are never read from this file)`, atKey: true });
    platform = kind;
  } else if (kind === 'auto') {
    platform = discordToken ? 'discord' : matrixToken || matrixPassword ? 'matrix' : 'console';
  }
  if (platform === 'discord' && discordToken) secrets.discordToken = discordToken;
  if (platform === 'matrix' && matrixToken) secrets.matrixAccessToken = matrixToken;
  else if (platform === 'matrix' && matrixPassword) secrets.matrixPassword = matrixPassword;
  if (platform === 'matrix' && Object.keys(config.channels).length === 0)
    errors.push({ path: ['channels'], message: 'Matrix needs at least one room id under "channels:"', atKey: true });
  return { errors, platform, secrets };
}

/**
 * Why SQLite could not open a database at `path`, found without creating anything: the
 * file's folder must exist or be creatable (its nearest existing ancestor a writable
 * folder), so a bad path fails here, located, rather than with a stack trace at start.
 */
export function checkDatabasePath(path: string): string | undefined {
  if (path === ':memory:') return undefined;
  const target = resolve(path);
  const existing = statOrUndefined(target);
  if (existing?.isDirectory()) return `${path} is a folder: give the path of the database file inside it, such as ${join(path, 'foyer.sqlite')}`;
  let folder = dirname(target);
  for (let stat = statOrUndefined(folder); ; stat = statOrUndefined(folder)) {
    if (stat && !stat.isDirectory()) return `cannot create the database here: ${folder} is a file, not a folder`;
    if (stat) break;
    folder = dirname(folder);
  }
  try {
    // SQLite writes a journal beside the database, so the folder itself must be writable.
    accessSync(folder, constants.W_OK | constants.X_OK);
    if (existing) accessSync(target, constants.R_OK | constants.W_OK);
  } catch {
    return `cannot create the database here: Foyer may not write in ${existing ? target : folder}`;
  }
  return undefined;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
