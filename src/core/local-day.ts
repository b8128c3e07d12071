/** A day in some timezone, `YYYY-MM-DD`. */
type Day = string;

const DAY_MS = 86_400_000;
/** Every timezone offset in use is a multiple of 15 minutes, so one answer holds for a whole quarter hour. */
const QUARTER_HOUR = 900_000;

/**
 * The local day (`YYYY-MM-DD`) of an instant in an IANA timezone. Intl is slow for the
 * ingest hot path, so answers are cached per quarter hour.
 */
export function localDayOf(timezone: string): (at: Date | number) => Day {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const cache = new Map<number, Day>();
  return (at) => {
    const bucket = Math.floor((typeof at === 'number' ? at : at.getTime()) / QUARTER_HOUR);
    let day = cache.get(bucket);
    if (day === undefined) {
      day = format.format(new Date(bucket * QUARTER_HOUR));
      if (cache.size > 10_000) cache.clear();
      cache.set(bucket, day);
    }
    return day;
  };
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` day: day arithmetic without timezones. */
export const dayNumber = (day: Day): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;

export const dayFromNumber = (n: number): Day => new Date(n * DAY_MS).toISOString().slice(0, 10);

export const addDays = (day: Day, n: number): Day => dayFromNumber(dayNumber(day) + n);

/** The Monday starting the week of `day`. */
export const weekOf = (day: Day): Day => {
  const n = dayNumber(day);
  return dayFromNumber(n - ((new Date(n * DAY_MS).getUTCDay() + 6) % 7));
};
