/**
 * Replies and threads (Matrix spec, "Threading"). A message in a thread carries
 * `m.in_reply_to` too, for clients without threads: with `is_falling_back: true` it
 * points at the thread's latest event, which the member did not reply to.
 */

interface Relation {
  rel_type?: unknown;
  event_id?: unknown;
  is_falling_back?: unknown;
  'm.in_reply_to'?: { event_id?: unknown };
}

const relationOf = (content: Record<string, unknown>): Relation | undefined => {
  const relation = content['m.relates_to'];
  return typeof relation === 'object' && relation !== null ? (relation as Relation) : undefined;
};

/** The thread's root event id when the message is in a thread. */
export function threadRootOf(content: Record<string, unknown>): string | undefined {
  const relation = relationOf(content);
  return relation?.rel_type === 'm.thread' && typeof relation.event_id === 'string' ? relation.event_id : undefined;
}

/** The event the member really replied to: not a thread's reply fallback. */
export function repliedTo(content: Record<string, unknown>): string | undefined {
  const relation = relationOf(content);
  if (!relation) return undefined;
  if (threadRootOf(content) !== undefined && relation.is_falling_back !== false) return undefined;
  const target = relation['m.in_reply_to']?.event_id;
  return typeof target === 'string' ? target : undefined;
}

/** The relation of an answer to `eventId`: a reply, inside the same thread when it was asked in one. */
export function answerRelation(eventId: string, threadRoot: string | undefined): Record<string, unknown> {
  const reply = { 'm.in_reply_to': { event_id: eventId } };
  return threadRoot ? { rel_type: 'm.thread', event_id: threadRoot, is_falling_back: false, ...reply } : reply;
}
