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

// An RFC 3339 time inside a sentence from the core ("… from 2026-03-06T10:01:00+00:00 if …").
const RFC3339 = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A text from the core with each time in it shown as `formatInstant` shows it. */
export function formatInstantsIn(text: string, timeZone?: string): string {
  return text.replace(RFC3339, (time) => formatInstant(time, timeZone));
}
