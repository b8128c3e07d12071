/**
 * A child process for the crash test: writes message activity in batches and reports
 * each committed total on stdout, until it is killed with SIGKILL.
 */
import { ACTIVITY_BATCH } from '../../src/storage/activity.repository.ts';
import { openStorage } from '../../src/storage/index.ts';

const storage = openStorage(process.argv[2]!);
let n = 0;
for (;;) {
  for (let i = 0; i < ACTIVITY_BATCH / 2; i++) {
    storage.activity.add({
      communityId: 'c',
      channelId: 'ch',
      memberId: `m${n % 50}`,
      messageId: `msg-${n}`,
      at: new Date(n),
    });
    n++;
  }
  // Every other pass leaves rows buffered, so the kill can land with a batch half-filled.
  if (n % ACTIVITY_BATCH === 0) process.stdout.write(`committed ${n}\n`);
  // Let the pipe drain: stdout to a pipe is asynchronous.
  await new Promise((resolve) => setImmediate(resolve));
}
