/** Zones offered where the webview cannot list the IANA database. */
const FALLBACK = [
  'UTC',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Moscow',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/**
 * The IANA time zones a buyer can choose from, sorted: the webview's own list where it has one
 * (`Intl.supportedValuesOf`), else a short list of common zones. `current` and UTC are always
 * among them, so that the account's zone can be shown even when the list lacks it.
 */
export function timeZones(current?: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  let names: string[];
  try {
    names = intl.supportedValuesOf?.('timeZone') ?? FALLBACK;
  } catch {
    names = FALLBACK;
  }
  const all = new Set(names.length > 0 ? names : FALLBACK);
  all.add('UTC');
  if (current) all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b));
}
