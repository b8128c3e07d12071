import { argsFromOptions, argsFromText, matchCommand, usage, type CommandDef } from './commands.ts';
import type { CommandInvocation } from './events.ts';
import type { Translator } from './i18n/translator.ts';
import type { Logger } from './logger.ts';
import type { CommandResponder } from './ports.ts';
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
    translator: (invocation: CommandInvocation) => Translator;
    logger: Logger;
    prefix: string;
  };

  // A plain constructor (no parameter properties): Node runs this file with type stripping.
  constructor(deps: CommandRouter['deps']) {
    this.deps = deps;
  }

  add(feature: string, def: CommandDef): void {
    if (this.#defs.some((d) => d.name === def.name)) throw new Error(`duplicate command "${def.name}" (from ${feature})`);
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
    const say = (inlines: Inline[]) => reply(rich(paragraph(...inlines)), { private: true });

    const line = `${invocation.name} ${invocation.argText ?? ''}`.trim();
    const found = invocation.options ? this.#defs.find((d) => d.name === invocation.name) : matchCommand(this.#defs, line)?.def;
    if (!found) {
      const available = this.#defs.filter((d) => hasRole(invocation.role, d.role)).map((d) => `${this.deps.prefix}${d.name}`);
      return say(t.t('command.unknown', { command: code(`${this.deps.prefix}${invocation.name}`), commands: available.join(', ') }));
    }
    if (!hasRole(invocation.role, found.role)) {
      this.deps.logger.info('command refused', { command: found.name, role: invocation.role, required: found.role });
      return say(t.t('command.refused', { command: code(`${this.deps.prefix}${found.name}`), role: t.t(`role.${found.role}`) }));
    }

    const raw = invocation.options ? argsFromOptions(found.args, invocation.options) : argsFromText(found.args, matchCommand([found], line)!.argText);
    const extra = raw['__extra'];
    const parsed = found.args.safeParse(raw);
    if (extra !== undefined || !parsed.success) {
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      const problem = issue
        ? t.t('command.invalid', { argument: code(String(issue.path[0] ?? found.name)), problem: issue.message })
        : t.t('command.invalid', { argument: code(String(extra)), problem: 'unexpected extra words' });
      return reply(rich(paragraph(...problem), paragraph(...t.t('command.usage', { usage: code(usage(found, this.deps.prefix)) }))), { private: true });
    }

    try {
      await found.run({ args: parsed.data, invoker: invocation.invoker, role: invocation.role, channel: invocation.channel, ...(invocation.target ? { target: invocation.target } : {}), ...(invocation.evidence ? { evidence: invocation.evidence } : {}), reply });
    } catch (error) {
      this.deps.logger.error('command failed', { feature: this.#owner.get(found), command: found.name, error });
      await say(t.t('command.failed', { command: code(`${this.deps.prefix}${found.name}`) }));
    }
  }
}
