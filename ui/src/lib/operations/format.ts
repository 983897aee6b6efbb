/**
 * Times of service flows in words, for the lists of Operations and the Seller Console: how old
 * an appeal is, whether a deadline has passed, and when a stored time is in local time.
 *
 * "Now" is always passed in, so that a screen decides when it moves (see `clock.svelte.ts`)
 * and a test can fix it. Nothing here decides a rule: the core says when a buyer may appeal;
 * these functions only say it.
 */
import type { FlowSummary } from '../api';
import { formatInstant } from '../util/time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A length of time as a case's age reads: "2 days 4 h", "1 day", "5 h 12 min", "8 min",
 * "less than a minute". Rounded down; a negative span (a time ahead of this machine's clock)
 * counts as none.
 */
export function formatAge(ms: number): string {
  const span = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  const minutes = Math.floor((span % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${hours} h` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return 'less than a minute';
}

/** How long ago `since` (RFC 3339) was at `now`; empty when the time does not parse. */
export function ageSince(since: string, now: number): string {
  const at = Date.parse(since);
  return Number.isNaN(at) ? '' : formatAge(now - at);
}

/** Whether `at` (RFC 3339) is at or before `now`; false when it does not parse. */
export function isPast(at: string, now: number): boolean {
  const time = Date.parse(at);
  return !Number.isNaN(time) && time <= now;
}

/** "2026-03-04 10:06" in this machine's time zone, from a stored UTC time. */
export function localTime(at: string): string {
  return formatInstant(at);
}

/** Who opened a frozen flow's appeal, as a party. */
export function appellantParty(flow: FlowSummary): 'buyer' | 'seller' | null {
  const party = flow.appellant_party;
  return party === 'buyer' || party === 'seller' ? party : null;
}

/** "Buyer · Acme Retail", "Seller · Orbit Software", or the name alone when unclear. */
export function appellantWords(flow: FlowSummary): string {
  const party = appellantParty(flow);
  if (flow.appellant === null) return 'Unknown';
  if (party === 'buyer') return `Buyer · ${flow.appellant}`;
  if (party === 'seller') return `Seller · ${flow.appellant}`;
  return flow.appellant;
}

/** "No open appeals", "1 open appeal, opened 2 h ago", "3 open appeals, the oldest opened 2 days ago". */
export function appealsSummary(flows: FlowSummary[], now: number): string {
  if (flows.length === 0) return 'No open appeals';
  const opened = flows
    .map((flow) => (flow.appeal_opened_at === null ? NaN : Date.parse(flow.appeal_opened_at)))
    .filter((at) => !Number.isNaN(at));
  const count = `${flows.length} open appeal${flows.length === 1 ? '' : 's'}`;
  if (opened.length === 0) return count;
  const age = formatAge(now - Math.min(...opened));
  return flows.length === 1
    ? `${count}, opened ${age} ago`
    : `${count}, the oldest opened ${age} ago`;
}
