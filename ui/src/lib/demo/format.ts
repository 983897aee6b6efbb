/**
 * How the time machine speaks (R-DEMO-2): its steps, what fired on a move and what comes next,
 * in the words and times a visitor reads. Pure functions: the state is in `demo.svelte.ts`.
 */
import type { Fired, TimeStep, Travel, Upcoming } from '../api';
import { formatCount, formatMoney } from '../catalog/format';
import { formatInstant } from '../util/time';

/** The steps in the order the panel offers them, the smallest first. */
export const TIME_STEPS: readonly TimeStep[] = [
  'three_hours',
  'day',
  'five_days',
  'month',
  'year',
  'next_event',
];

const STEP_LABELS: Record<TimeStep, string> = {
  three_hours: '+3 hours',
  day: '+1 day',
  five_days: '+5 days',
  month: '+1 month',
  year: '+1 year',
  next_event: 'Next event',
};

/** "+3 hours", "+1 month", "Next event". */
export function stepLabel(step: TimeStep): string {
  return STEP_LABELS[step];
}

/** What a step's button does, for its tooltip and accessible description. */
export function stepHint(step: TimeStep): string {
  return step === 'next_event'
    ? 'Move the clock to the next timer and fire it'
    : `Move the clock forward ${STEP_LABELS[step].slice(1)} and fire what falls due`;
}

/** "Expiry notice" from the core's "expiry_notice". */
export function kindWords(kind: string): string {
  const words = kind.replaceAll('_', ' ').trim();
  return words === '' ? words : words.charAt(0).toUpperCase() + words.slice(1);
}

// Beyond its report limit the core sends one last item that counts the rest:
// "2,345 more items fired, up to this time", with no rule and no subject.
const MORE_KIND = 'more';
const MORE_COUNT = /^([\d,]+) more item/;

/** How many timers a move fired, counting those the core's last item only counts. */
export function firedCount(fired: readonly Fired[]): number {
  let count = 0;
  for (const item of fired) {
    if (item.kind !== MORE_KIND) {
      count += 1;
      continue;
    }
    const match = MORE_COUNT.exec(item.summary);
    count += match?.[1] === undefined ? 1 : Number(match[1].replaceAll(',', ''));
  }
  return count;
}

/** A fired item's parts as the list shows them; rule, subject and money may be absent. */
export interface FiredParts {
  at: string;
  rule: string | null;
  subject: string | null;
  summary: string;
  money: string | null;
}

export function firedParts(fired: Fired, timeZone?: string): FiredParts {
  return {
    at: formatInstant(fired.at, timeZone),
    rule: fired.rule === '' ? null : fired.rule,
    subject: fired.subject === '' ? null : fired.subject,
    summary: fired.summary,
    money: fired.money === null ? null : formatMoney(fired.money),
  };
}

/** "2026-04-08 23:59 · R-REN-2 · subscription 4 · Expired · $0.00", in one line. */
export function firedLine(fired: Fired, timeZone?: string): string {
  const parts = firedParts(fired, timeZone);
  return [parts.at, parts.rule, parts.subject, parts.summary, parts.money]
    .filter((part): part is string => part !== null && part !== '')
    .join(' · ');
}

/** "From 2026-03-08 10:00 to 2026-04-08 10:00". */
export function travelSpan(travel: Travel, timeZone?: string): string {
  return `From ${formatInstant(travel.from, timeZone)} to ${formatInstant(travel.to, timeZone)}`;
}

/** "3 timers fired, $87.00 moved"; a move that fired nothing says so. */
export function travelSummary(travel: Travel): string {
  const count = firedCount(travel.fired);
  if (count === 0) return 'No timer was due: nothing fired and no money moved.';
  return `${formatCount(count, 'timer')} fired, ${formatMoney(travel.money_moved)} moved`;
}

/** "2026-04-01 09:00 · Expiry notice · R-AFT-4 · Vaultwise Cloud Backup (subscription 4)". */
export function upcomingLine(upcoming: Upcoming, timeZone?: string): string {
  return [
    formatInstant(upcoming.at, timeZone),
    kindWords(upcoming.kind),
    upcoming.rule,
    upcoming.about === '' ? upcoming.subject : `${upcoming.about} (${upcoming.subject})`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
}
