/**
 * Instants in the buyer's time zone: the account's (Billing Center > Account), in which terms
 * end at 23:59:59 (R-MT-4). The core stores and sends UTC (RFC 3339); every screen shows its
 * times through here, so that a day reads the same everywhere. Without a zone (the account
 * not known yet, or a screen not the buyer's), the machine's.
 */

/**
 * One formatter per time zone, made once: an `Intl.DateTimeFormat` is costly to make (ICU's
 * formatter, calendar and zone rules, outside the JavaScript heap), and screens format many
 * instants, the time machine's clock one at every frame while it moves. Made anew at each
 * call, a stand's web process grew by megabytes a visitor.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** More zones than a person switches between: past it, the formatters are made again. */
const KEPT_FORMATTERS = 16;

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (formatters.size >= KEPT_FORMATTERS) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "2026-12-25 23:59" in `timeZone`, from a stored UTC time; the text as it came if it is none. */
export function formatInstant(text: string, timeZone?: string): string {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(timeZone).formatToParts(at);
  } catch {
    return text;
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "15 Mar 2024" from "2024-03-15" (a date, or the start of a local time); other text as it came. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  const month = match === null ? undefined : MONTHS[Number(match[2]) - 1];
  if (match === null || month === undefined) return isoDate;
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/**
 * "6 Dec 2026": the day a stored UTC time falls on in `timeZone`, for lists that show when
 * something happened by its day (an order placed at 20:00 UTC is placed the next day in
 * Tokyo); the text as it came if it is none.
 */
export function formatDay(text: string, timeZone?: string): string {
  const shown = formatInstant(text, timeZone);
  return shown === text ? text : formatDate(shown);
}

// An RFC 3339 time inside a sentence from the core ("… from 2026-03-06T10:01:00+00:00 if …").
const RFC3339 = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A text from the core with each time in it shown as `formatInstant` shows it. */
export function formatInstantsIn(text: string, timeZone?: string): string {
  return text.replace(RFC3339, (time) => formatInstant(time, timeZone));
}
