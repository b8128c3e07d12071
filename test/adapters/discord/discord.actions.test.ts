import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  actionModal,
  actionValues,
  commandForMenu,
  messageMenus,
  modalTarget,
} from '../../../src/adapters/discord/discord.actions.ts';
import { defineCommand, type MessageAction } from '../../../src/core/commands.ts';
import { text } from '../../../src/core/rich-text.ts';

const command = (name: string, messageAction?: MessageAction) =>
  defineCommand({
    name,
    description: `${name} description`,
    args: z.object({ why: z.string(), tag: z.string().optional() }),
    role: 'member',
    ...(messageAction ? { messageAction } : {}),
    run: async () => {},
  });

const flag = command('mod flag', {
  label: [text('Flag for the moderators, with a very long label indeed')],
  fields: [
    { name: 'why', label: [text('Why?')], style: 'paragraph', required: true, minLength: 3, maxLength: 500 },
    { name: 'tag', label: [text('Tag')], style: 'short', required: false },
  ],
});

describe('message actions as Discord context menus and modals', () => {
  it('registers one message menu per command that declares an action, its label clipped to Discord’s 32 units', () => {
    const menus = messageMenus([command('plain'), flag]);
    expect(menus).toEqual([{ type: 3, name: 'Flag for the moderators, with a…', dm_permission: false }]);
    expect(commandForMenu([command('plain'), flag], menus[0]!.name)).toBe(flag);
    expect(commandForMenu([flag], 'Something else')).toBeUndefined();
  });

  it('opens a form with one text input per field, and finds the message and the command back from the submitted form', () => {
    const modal = actionModal(flag, '1234567890');
    expect(modal).toMatchObject({
      title: 'Flag for the moderators, with a very long la…',
      components: [
        {
          type: 1,
          components: [
            { type: 4, custom_id: 'why', label: 'Why?', style: 2, required: true, min_length: 3, max_length: 500 },
          ],
        },
        { type: 1, components: [{ type: 4, custom_id: 'tag', label: 'Tag', style: 1, required: false }] },
      ],
    });
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(modalTarget(modal.custom_id)).toEqual({ message: '1234567890', command: 'mod flag' });
    expect(modalTarget('someone-else:1')).toBeUndefined();
  });

  it('turns the submitted fields into the command’s arguments, leaving out optional ones left empty', () => {
    const submitted: Record<string, string> = { why: 'spam', tag: '' };
    expect(actionValues(flag, (name) => submitted[name])).toEqual({ why: 'spam' });
    expect(actionValues(flag, (name) => ({ why: 'spam', tag: 'ads' })[name])).toEqual({ why: 'spam', tag: 'ads' });
  });
});
