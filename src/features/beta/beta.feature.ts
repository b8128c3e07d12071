import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../core/commands.ts';
import { memberArgument } from '../../core/groups.ts';
import type { MemberId } from '../../core/ids.ts';
import { code, list, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { betaConfig } from './beta.config.ts';
import { betaMessages } from './beta.messages.ts';

/**
 * The beta group: members opt in (`/beta join`) or accept a moderator's invitation.
 * Polls, calendar posts and quiet-channel questions can target it through core's
 * `GroupsView`; `/health segment beta` compares its activity with everyone's.
 */
export const betaFeature = defineFeature({
  id: 'beta',
  description: 'A beta group members join or are invited to, which polls, posts and questions can target',
  needs: ['directMessages'] as const,
  settings: betaConfig,
  messages: betaMessages,
  config: (beta) => (beta.enabled ? beta : undefined),
  store: (stores) => stores.beta,
  memberData(store, member, t, community) {
    const kept = store.get(community.id, member);
    if (!kept) return undefined;
    const line =
      kept.status === 'member'
        ? t.t('beta.data.member', { at: t.dateTime(kept.joinedAt!) })
        : t.t('beta.data.invited', { at: t.dateTime(kept.invitedAt!) });
    return {
      key: 'beta',
      data: { status: kept.status, invitedAt: kept.invitedAt, joinedAt: kept.joinedAt },
      lines: [line],
    };
  },
  setup(ctx) {
    const { repo, community } = ctx;
    const say = (call: CommandCall<unknown>, ...inlines: Inline[]) =>
      call.reply(rich(paragraph(...inlines)), { private: true });
    const nameOf = (member: string) =>
      ctx.members.get(member as MemberId)?.displayName ?? memberArgument(member as MemberId);

    async function invite(call: CommandCall<{ member: string }>): Promise<void> {
      const t = ctx.translatorFor(call.invoker.id);
      const member = ctx.parseMember(call.args.member);
      const record = member && ctx.members.get(member);
      if (!member || !record) return say(call, ...t.t('beta.invite.unknown', { member: call.args.member }));
      const name = record.displayName;
      const existing = repo.get(community.id, member);
      if (existing?.status === 'member') return say(call, ...t.t('beta.invite.already', { member: name }));
      if (existing)
        return say(call, ...t.t('beta.invite.pending', { member: name, at: t.dateTime(existing.invitedAt!) }));
      const now = ctx.clock.now();
      const theirs = ctx.translatorFor(member);
      const message = rich(
        paragraph(
          ...theirs.t('beta.invitation', {
            member: name,
            community: community.name,
            command: code(ctx.commandLabel('beta join')),
          }),
        ),
      );
      const outcome = await ctx.outreach.contact(
        {
          member,
          effectKey: `beta:${community.id}:${member}:invite:${now.getTime()}`,
          reason: 'beta.reason.invite',
          via: 'dm',
        },
        () => ctx.ports.directMessages.sendDirect(member, message),
      );
      if (outcome === 'sent') {
        repo.invite(community.id, member, call.invoker.id, now);
        return say(call, ...t.t('beta.invite.sent', { member: name }));
      }
      if (outcome === 'capped')
        return say(
          call,
          ...t.t('beta.invite.capped', { member: name, when: t.dateTime(ctx.outreach.nextAllowed(member)) }),
        );
      await say(call, ...t.t('beta.invite.unreachable', { member: name }));
    }

    return {
      commands: [
        defineCommand({
          name: 'beta join',
          description: 'beta.command.join',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const joined = repo.join(community.id, call.invoker.id, ctx.clock.now());
            await say(
              call,
              ...t.t(joined ? 'beta.joined' : 'beta.already', { command: code(ctx.commandLabel('beta leave')) }),
            );
          },
        }),
        defineCommand({
          name: 'beta leave',
          description: 'beta.command.leave',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            if (repo.leave(community.id, call.invoker.id)) return say(call, ...t.t('beta.left'));
            await say(call, ...t.t('beta.notIn', { command: code(ctx.commandLabel('beta join')) }));
          },
        }),
        defineCommand({
          name: 'beta invite',
          description: 'beta.command.invite',
          args: z.object({ member: z.string().min(1).describe('beta.arg.member') }),
          role: 'moderator',
          run: invite,
        }),
        defineCommand({
          name: 'beta list',
          description: 'beta.command.list',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const everyone = repo.list(community.id);
            const members = everyone.filter((m) => m.status === 'member');
            const invited = everyone.filter((m) => m.status === 'invited');
            if (everyone.length === 0) return say(call, ...t.t('beta.list.empty'));
            const blocks = [
              paragraph(...t.plural('beta.list.title', members.length, { count: t.number(members.length) })),
              ...(members.length > 0 ? [list(members.map((m) => [text(nameOf(m.memberId))]))] : []),
              ...(invited.length > 0
                ? [
                    paragraph(
                      ...t.plural('beta.list.invited', invited.length, {
                        count: t.number(invited.length),
                        members: t.list(invited.map((m) => nameOf(m.memberId))),
                      }),
                    ),
                  ]
                : []),
            ];
            await call.reply(rich(...blocks), { private: true });
          },
        }),
      ],
    };
  },
});
