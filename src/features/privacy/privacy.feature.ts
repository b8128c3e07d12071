import { z } from 'zod';
import { formatUtc } from '../../core/clock.ts';
import { defineCommand } from '../../core/commands.ts';
import type { CommandCall } from '../../core/commands.ts';
import type { MemberId } from '../../core/ids.ts';
import { code, codeBlock, inertJson, list, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import type { MemberDataExport } from '../../storage/index.ts';
import { defineFeature } from '../define.ts';
import { privacyMessages } from './privacy.messages.ts';

const when = (d: Date | null | undefined): string => (d ? formatUtc(d) : '—');

/** The member-facing summary of what Foyer keeps; `export` gives the same as JSON. */
function summary(data: MemberDataExport): Inline[][] {
  const m = data.member;
  return [
    [text(`joined: ${when(m?.joinedAt)}; left: ${when(m?.leftAt)}; first message: ${when(m?.firstMessageAt)}`)],
    [text(`profile photo: ${m?.hasPhoto ? `yes (since ${when(m.photoSetAt)})` : 'no'}; language: ${m?.locale ?? 'community default'}`)],
    [text(`onboarding steps done: ${data.onboardingSteps.map((s) => `${s.step}${s.detail ? ` (${s.detail})` : ''}`).join(', ') || 'none'}`)],
    [text(`messages: ${data.messages.count} recorded as channel and time only, never their text (first ${when(data.messages.first)}, last ${when(data.messages.last)})`)],
    [text(`reports you filed: ${data.reportsFiled.length}${data.reportsFiled.length ? ` (${data.reportsFiled.map((r) => `#${r.id} ${r.status}`).join(', ')})` : ''}`)],
    [text(`times Foyer contacted you: ${data.outreach.length}`)],
    ...data.outreach.slice(0, 10).map((o) => [text(`  ${when(o.at)} ${o.feature}: ${o.reason} by ${o.via === 'dm' ? 'direct message' : 'channel'} — ${o.status}`)]),
  ];
}

/** An export longer than this is better read as a file than as many chat messages. */
const INLINE_EXPORT_LENGTH = 1_500;

/**
 * Members can see what Foyer keeps about them, and take a copy: the community is an
 * asset, but each member's data is theirs to read.
 */
export const privacyFeature = defineFeature({
  id: 'privacy',
  description: 'Members see and export what Foyer keeps about them',
  needs: [] as const,
  messages: privacyMessages,
  config: () => ({}),
  // Buffered message metadata is written first, so the member sees all of it.
  repository: (s) => ({ exportMember: (community: string, member: string) => (s.activity.flush(), s.privacy.exportMember(community, member)) }),
  setup(ctx) {
    /** The export as a file where the platform can attach one and it is long, else as code blocks. */
    async function sendExport(call: CommandCall<unknown>, data: MemberDataExport): Promise<void> {
      const { member: profile, ...rest } = data;
      const json = inertJson({ community: ctx.community.id, member: call.invoker.id, exportedAt: ctx.clock.now(), profile, ...rest });
      const t = ctx.translatorFor(call.invoker.id as MemberId);
      if (json.length > INLINE_EXPORT_LENGTH && call.replyWithFile) {
        const name = `foyer-mydata-${ctx.clock.now().toISOString().slice(0, 10)}.json`;
        const file = { name, mediaType: 'application/json', content: json };
        return call.replyWithFile(rich(paragraph(...t.t('privacy.exportFile', { file: code(name) }))), file, { private: true });
      }
      await call.reply(rich(paragraph(...t.t('privacy.export')), codeBlock(json)), { private: true });
    }

    return {
      commands: [
        defineCommand({
          name: 'mydata',
          description: 'See what Foyer keeps about you (add "export" for a JSON copy)',
          args: z.object({ format: z.enum(['summary', 'export']).default('summary') }),
          role: 'member',
          async run(call) {
            const data = ctx.repo.exportMember(ctx.community.id, call.invoker.id);
            if (call.args.format === 'export') return sendExport(call, data);
            await call.reply(rich(paragraph(text('What Foyer keeps about you:')), list(summary(data)), paragraph(text('A JSON copy: '), code(ctx.commandLabel('mydata export')))), { private: true });
          },
        }),
      ],
    };
  },
});
