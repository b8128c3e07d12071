import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../src/core/commands.ts';
import { defineFeature, type AnyFeature } from '../../src/features/define.ts';

/**
 * A test-only feature with one argument-less member command, so adapter tests can make
 * Foyer answer with exactly the message they need (a long code block, a public reply)
 * through the real command path.
 */
export function commandProbe(probe: {
  id: string;
  command: string;
  description: string;
  run: (call: CommandCall<Record<string, never>>) => Promise<void>;
}): AnyFeature {
  return defineFeature({
    id: probe.id,
    description: probe.description,
    needs: [] as const,
    config: () => ({}),
    setup: () => ({
      commands: [
        defineCommand({
          name: probe.command,
          description: probe.description,
          args: z.object({}),
          role: 'member',
          run: probe.run,
        }),
      ],
    }),
  });
}
