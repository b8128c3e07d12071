/**
 * A crisis lock on Matrix raises the power needed to post. Moderators keep working on the
 * room's power levels during the crisis (muting someone at −1, demoting a moderator), so
 * lifting the lock must undo only what the lock itself changed, never write back a copy
 * of the whole power-levels event over their changes.
 */

type PowerLevelsContent = Record<string, unknown>;

/** One value the lock changed: what it was (null: not set), and what the lock set. */
interface Change {
  before: number | null;
  set: number;
}

/** What the crisis table keeps for a Matrix lock (JSON). */
export interface LockChanges {
  kind: 'power-levels-lock';
  eventsDefault?: Change;
  events: Record<string, Change>;
}

/** The event types members use to speak in a room; a lock raises each to moderator level. */
const SPEAKING_EVENTS = ['m.room.message', 'm.reaction', 'm.poll.response'] as const;

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const eventLevels = (content: PowerLevelsContent): Record<string, number> => ({
  ...((content['events'] as Record<string, number> | undefined) ?? {}),
});

/** The locked power levels, and a record of each value the lock changed. */
export function lockPowerLevels(
  current: PowerLevelsContent,
  needed: number,
): { content: PowerLevelsContent; changes: LockChanges } {
  const changes: LockChanges = { kind: 'power-levels-lock', events: {} };
  const content: PowerLevelsContent = { ...current, events: eventLevels(current) };
  const eventsDefault = numberOrNull(current['events_default']);
  if ((eventsDefault ?? 0) < needed) {
    content['events_default'] = needed;
    changes.eventsDefault = { before: eventsDefault, set: needed };
  }
  const events = content['events'] as Record<string, number>;
  for (const type of SPEAKING_EVENTS) {
    const before = numberOrNull(events[type]);
    if ((before ?? 0) >= needed) continue;
    events[type] = needed;
    changes.events[type] = { before, set: needed };
  }
  return { content, changes };
}

/**
 * A lock taken by an older Foyer kept the whole power-levels content. Read it as the
 * changes that lock made: the speaking levels it raised to `needed`.
 */
function changesFromWholeSnapshot(old: PowerLevelsContent, needed: number): LockChanges {
  return lockPowerLevels(old, needed).changes;
}

/** The lock's changes from a stored snapshot, either shape; undefined when it is neither. */
export function lockChangesOf(snapshot: Record<string, unknown>, needed: number): LockChanges | undefined {
  if (snapshot['kind'] === 'power-levels-lock') return snapshot as unknown as LockChanges;
  if (snapshot['kind'] === 'power-levels' && typeof snapshot['content'] === 'object' && snapshot['content'] !== null)
    return changesFromWholeSnapshot(snapshot['content'] as PowerLevelsContent, needed);
  return undefined;
}

/**
 * The current power levels with the lock undone: each value still at what the lock set
 * goes back to what it was; a value someone changed since is theirs and stays.
 * Undefined when there is nothing to undo.
 */
export function unlockPowerLevels(current: PowerLevelsContent, changes: LockChanges): PowerLevelsContent | undefined {
  const content: PowerLevelsContent = { ...current, events: eventLevels(current) };
  let undone = false;
  if (changes.eventsDefault && current['events_default'] === changes.eventsDefault.set) {
    if (changes.eventsDefault.before === null) delete content['events_default'];
    else content['events_default'] = changes.eventsDefault.before;
    undone = true;
  }
  const events = content['events'] as Record<string, number>;
  for (const [type, change] of Object.entries(changes.events)) {
    if (events[type] !== change.set) continue;
    if (change.before === null) delete events[type];
    else events[type] = change.before;
    undone = true;
  }
  return undone ? content : undefined;
}
