/** Pure rules of the photo nudge: no I/O, so they are tested directly. */

/** Messages per member; zero for a group with nobody in it. */
export const postingRate = (messages: number, people: number): number => (people === 0 ? 0 : messages / people);

/** How members with a photo post compared with members without: a factor, or why there is none. */
export type PostingRatio = { kind: 'times'; value: number } | { kind: 'nobodyPosted' } | { kind: 'onlyWithPhoto' };

/** How many times as much members with a photo post as members without. */
export function postingRatio(withRate: number, withoutRate: number): PostingRatio {
  if (withoutRate !== 0) return { kind: 'times', value: withRate / withoutRate };
  return withRate === 0 ? { kind: 'nobodyPosted' } : { kind: 'onlyWithPhoto' };
}
