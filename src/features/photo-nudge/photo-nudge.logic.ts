/** Pure rules of the photo nudge: no I/O, so they are tested directly. */

/** Messages per member; zero for a group with nobody in it. */
export const postingRate = (messages: number, people: number): number => (people === 0 ? 0 : messages / people);

/** How many times as much members with a photo post as members without, in words fit for the figures. */
export function postingRatio(withRate: number, withoutRate: number): string {
  if (withoutRate !== 0) return `${(withRate / withoutRate).toFixed(1)}×`;
  return withRate === 0 ? '–' : 'only members with a photo posted';
}
