import { argsFromOptions, argsFromText, matchCommand, usage, type CommandDef } from './commands.ts';
import type { CommandInvocation } from './events.ts';
import type { z } from 'zod';
import type { Translator } from './i18n/translator.ts';
import type { Logger } from './logger.ts';
import type { CommandResponder, FileResponder, OutgoingFile } from './ports.ts';
import { code, paragraph, rich, type Inline, type RichText } from './rich-text.ts';
import { hasRole } from './roles.ts';

/**
 * Runs command invocations. The permission check lives here, once, before any
 * argument is parsed or any feature code runs; a refusal changes nothing.
 */
export class CommandRouter {
  readonly #defs: CommandDef[] = [];
  readonly #owner = new Map<CommandDef, string>();

  private readonly deps: {
    responder: CommandResponder;
    fileResponder?: FileResponder | undefined;
    translator: (invocation: CommandInvocation) => Translator;
    logger: Logger;
    prefix: string;
    /** Told which feature's command threw (the metrics' handler errors). */
    onFailure?: (feature: string) => void;
  };

  // A plain constructor (no parameter properties): Node runs this file with type stripping.
  constructor(deps: CommandRouter['deps']) {
    this.deps = deps;
  }

  add(feature: string, def: CommandDef): void {
    if (this.#defs.some((d) => d.name === def.name))
      throw new Error(`duplicate command "${def.name}" (from ${feature})`);
    this.#defs.push(def);
    this.#owner.set(def, feature);
  }

  get commands(): readonly CommandDef[] {
    return this.#defs;
  }

  async dispatch(invocation: CommandInvocation): Promise<void> {
    const t = this.deps.translator(invocation);
    const reply = (message: RichText, options?: { private?: boolean }) =>
      this.deps.responder.respond(invocation, message, options).then((r) => {
        if (!r.ok) this.deps.logger.warn('command reply failed', { command: invocation.name, failure: r.error.kind });
      });
    const files = this.deps.fileResponder;
    const replyWithFile = files
      ? (message: RichText, file: OutgoingFile, options?: { private?: boolean }) =>
          files.respondWithFile(invocation, message, file, options).then((r) => {
            if (!r.ok)
              this.deps.logger.warn('command reply with a file failed', {
                command: invocation.name,
                failure: r.error.kind,
              });
          })
      : undefined;
    const say = (inlines: Inline[]) => reply(rich(paragraph(...inlines)), { private: true });

    const line = `${invocation.name} ${invocation.argText ?? ''}`.trim();
    const found = invocation.options
      ? this.#defs.find((d) => d.name === invocation.name)
      : matchCommand(this.#defs, line)?.def;
    if (!found) {
      const available = this.#defs
        .filter((d) => hasRole(invocation.role, d.role))
        .map((d) => `${this.deps.prefix}${d.name}`);
      return say(
        t.t('command.unknown', {
          command: code(`${this.deps.prefix}${invocation.name}`),
          commands: available.join(', '),
        }),
      );
    }
    if (!hasRole(invocation.role, found.role)) {
      this.deps.logger.info('command refused', { command: found.name, role: invocation.role, required: found.role });
      return say(
        t.t('command.refused', { command: code(`${this.deps.prefix}${found.name}`), role: t.t(`role.${found.role}`) }),
      );
    }

    const raw = invocation.options
      ? argsFromOptions(found.args, invocation.options)
      : argsFromText(found.args, matchCommand([found], line)!.argText);
    const extra = raw['__extra'];
    const parsed = found.args.safeParse(raw);
    if (extra !== undefined || !parsed.success) {
      const problem = parsed.success
        ? t.t('command.arg.extra', { extra: code(String(extra)) })
        : explainIssue(t, parsed.error.issues[0]!, raw);
      return reply(
        rich(
          paragraph(...problem),
          paragraph(...t.t('command.usage', { usage: code(usage(found, this.deps.prefix)) })),
        ),
        { private: true },
      );
    }

    try {
      await found.run({
        args: parsed.data,
        invoker: invocation.invoker,
        role: invocation.role,
        channel: invocation.channel,
        ...(invocation.target ? { target: invocation.target } : {}),
        ...(invocation.evidence ? { evidence: invocation.evidence } : {}),
        reply,
        ...(replyWithFile ? { replyWithFile } : {}),
      });
    } catch (error) {
      this.deps.logger.error('command failed', { feature: this.#owner.get(found), command: found.name, error });
      this.deps.onFailure?.(this.#owner.get(found) ?? 'core');
      await say(t.t('command.failed', { command: code(`${this.deps.prefix}${found.name}`) }));
    }
  }
}

type Issue = z.ZodError['issues'][number];

/**
 * What is wrong with an argument, in the member's language: the validator's own wording
 * ("expected number, received NaN") means nothing to the person who typed the command.
 */
function explainIssue(t: Translator, issue: Issue, typed: Record<string, unknown>): Inline[] {
  const name = String(issue.path[0] ?? '');
  const argument = code(name);
  if (typed[name] === undefined && issue.code === 'invalid_type') return t.t('command.arg.missing', { argument });
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number') return t.t('command.arg.number', { argument });
      if (issue.expected === 'int') return t.t('command.arg.wholeNumber', { argument });
      if (issue.expected === 'boolean') return t.t('command.arg.yesNo', { argument });
      break;
    case 'invalid_value':
      return t.t('command.arg.choice', { argument, choices: issue.values.map(String).join(', ') });
    case 'too_small':
      if (issue.origin === 'string') return t.plural('command.arg.tooShort', Number(issue.minimum), { argument });
      if (issue.origin === 'number')
        return t.t(issue.inclusive ? 'command.arg.atLeast' : 'command.arg.above', {
          argument,
          limit: Number(issue.minimum),
        });
      break;
    case 'too_big':
      if (issue.origin === 'string') return t.plural('command.arg.tooLong', Number(issue.maximum), { argument });
      if (issue.origin === 'number')
        return t.t(issue.inclusive ? 'command.arg.atMost' : 'command.arg.below', {
          argument,
          limit: Number(issue.maximum),
        });
      break;
    default:
      break;
  }
  return t.t('command.arg.invalid', { argument });
}
