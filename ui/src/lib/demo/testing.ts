/**
 * Demo mode as the tests see it: a status, fired items and a backend that keeps a sandbox's
 * clock and its moves, answering the rest from another fake.
 */
import type { ApiError, DemoStatus, Fired, TimeStep, Travel } from '../api';
import { actingAsBuyer, prepaidAccount } from '../testing/fixtures';

export const FIRST_CLOCK = '2026-03-08T10:00:00Z';

export function statusOf(over: Partial<DemoStatus> = {}): DemoStatus {
  return {
    clock: FIRST_CLOCK,
    undoable: 0,
    idle_reset_minutes: 3,
    new_page: false,
    upcoming: [
      {
        at: '2026-03-09T10:00:00Z',
        kind: 'completion',
        rule: 'R-SUP-4',
        subject: 'order 12',
        about: 'Inkwell Headless CMS',
      },
      {
        at: '2026-04-01T23:59:59Z',
        kind: 'expiry_notice',
        rule: 'R-REN-1',
        subject: 'subscription 4',
        about: 'Vaultwise Cloud Backup',
      },
    ],
    ...over,
  };
}

export function firedOf(over: Partial<Fired> = {}): Fired {
  return {
    at: '2026-03-09T10:00:00Z',
    kind: 'completion',
    rule: 'R-SUP-4',
    subject: 'order 12',
    summary: 'Delivery accepted on the buyer’s behalf; the seller is paid',
    money: '120.00',
    ...over,
  };
}

/** What a month fires in the fake: a completion, a notice (no money) and a renewal. */
export const MONTH_FIRED: Fired[] = [
  firedOf(),
  firedOf({
    at: '2026-04-01T23:59:59Z',
    kind: 'expiry_notice',
    rule: 'R-REN-1',
    subject: 'subscription 4',
    summary: 'Expiry notice sent to the buyer',
    money: null,
  }),
  firedOf({
    at: '2026-04-08T09:00:00Z',
    kind: 'auto_renewal',
    rule: 'R-REN-5',
    subject: 'subscription 7',
    summary: 'Renewed automatically for 1 month',
    money: '29.00',
  }),
];

const STEP_MS: Record<Exclude<TimeStep, 'month' | 'year' | 'next_event'>, number> = {
  three_hours: 3 * 3_600_000,
  day: 86_400_000,
  five_days: 5 * 86_400_000,
};

function after(clock: string, step: TimeStep): string {
  const at = new Date(clock);
  if (step === 'month') at.setUTCMonth(at.getUTCMonth() + 1);
  else if (step === 'year') at.setUTCFullYear(at.getUTCFullYear() + 1);
  else if (step === 'next_event') at.setUTCDate(at.getUTCDate() + 1);
  else at.setTime(at.getTime() + STEP_MS[step]);
  return at.toISOString().replace('.000Z', 'Z');
}

// Amounts come with two decimals: added up in whole cents, never as floats.
function sum(fired: Fired[]): string {
  const cents = fired.reduce(
    (total, item) => total + (item.money === null ? 0 : Number(item.money.replace('.', ''))),
    0,
  );
  return `${Math.trunc(cents / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}

type Handler = (command: string, args: Record<string, unknown>) => unknown;

const unknown: Handler = (command) => {
  throw { code: 'internal', message: `Unknown command ${command}` } satisfies ApiError;
};

/**
 * A sandbox: moves fire `fired[step]` (nothing for a step not given), undo goes back one move,
 * reset to the first state. The account is in UTC, so that times read the same on any machine.
 */
export function fakeDemo(
  fired: Partial<Record<TimeStep, Fired[]>> = { month: MONTH_FIRED },
  fallback: Handler = unknown,
): Handler {
  const first = statusOf();
  let status = first;
  const clocks: string[] = [];
  return (command, args) => {
    switch (command) {
      case 'demo_status':
        return status;
      case 'demo_travel': {
        const step = args.step as TimeStep;
        const items = fired[step] ?? [];
        const from = status.clock;
        clocks.push(from);
        status = { ...status, clock: after(from, step), undoable: clocks.length, upcoming: [] };
        return {
          from,
          to: status.clock,
          fired: items,
          money_moved: sum(items),
          undoable: clocks.length,
        } satisfies Travel;
      }
      case 'demo_undo': {
        const clock = clocks.pop();
        if (clock === undefined) {
          throw { code: 'not_found', message: 'a move of the time machine to undo was not found' };
        }
        status = { ...first, clock, undoable: clocks.length };
        return status;
      }
      case 'demo_reset':
        clocks.length = 0;
        status = first;
        return status;
      case 'account_show':
        return { ...prepaidAccount, time_zone: 'UTC' };
      case 'role_show':
        return actingAsBuyer;
      case 'messages_unread':
        return 0;
      default:
        return fallback(command, args);
    }
  };
}
