import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../src/adapters/console/console.render.ts';
import { channelId } from '../../../src/core/ids.ts';
import { channelRef, paragraph, rich, text } from '../../../src/core/rich-text.ts';

describe('console rendering of a channel', () => {
  it('shows a channel as #name, the way console members type it', () => {
    expect(renderConsole(rich(paragraph(text('in '), channelRef(channelId('console', 'general'), 'general'))))).toBe(
      'in #general',
    );
  });
});
