/**
 * Subscriptions as the core lists them, for the tests of Billing Center > Renewals and a
 * subscription's page, with a stand-in for the commands that answers like the core: a quote
 * from the expiry, a renewal paid once per idempotency key, automatic renewal that charges at
 * once inside the 7 days before expiry. The buyer is in New York: terms end at 23:59:59 there.
 */
import type {
  ApiError,
  BillingPeriod,
  Renewal,
  RenewalQuote,
  RenewalsPage,
  RenewalsQuery,
  RenewalsTab,
  RenewRequest,
  Subscription,
  SubscriptionDetail,
  TimelineEvent,
} from '../api';
import { prepaidAccount } from '../testing/fixtures';
import { RENEWALS_TABS } from './renewalsQuery';

/** Orbit CRM, monthly, 12 days left, automatic renewal on. */
export const active: Subscription = {
  id: 1,
  order_id: 7,
  product_id: 'orbit-crm',
  product_name: 'Orbit CRM',
  delivery: 'saas',
  edition: 'team',
  edition_name: 'Team',
  users: 25,
  period: 'month',
  term_start: '2026-03-08T15:00:00Z',
  expires_at: '2026-04-09T03:59:59Z',
  state: 'active',
  days_left: 12,
  auto_renew: true,
  auto_renew_period: 'month',
  auto_renew_date: null,
  next_auto_renewal: '2026-04-01T07:00:00Z',
  grace_ends_at: '2026-04-24T03:59:59Z',
  released_at: '2026-05-09T03:59:59Z',
};

/** Vault Backup License, yearly, expired 3 days ago: usable for the rest of its grace. */
export const inGrace: Subscription = {
  ...active,
  id: 2,
  order_id: 5,
  product_id: 'vault-backup',
  product_name: 'Vault Backup License',
  delivery: 'license',
  edition: 'standard',
  edition_name: 'Standard',
  users: null,
  period: 'year',
  term_start: '2025-03-24T15:00:00Z',
  expires_at: '2026-03-25T03:59:59Z',
  state: 'grace',
  days_left: -3,
  auto_renew: false,
  auto_renew_period: null,
  next_auto_renewal: null,
  grace_ends_at: '2026-04-09T03:59:59Z',
  released_at: '2026-04-24T03:59:59Z',
};

/** Expired 20 days ago: frozen, its data kept. */
export const inRetention: Subscription = {
  ...inGrace,
  id: 3,
  order_id: 4,
  product_id: 'data-migration',
  product_name: 'Data Migration Service',
  delivery: 'professional_service',
  period: 'month',
  expires_at: '2026-03-08T04:59:59Z',
  state: 'retention',
  days_left: -20,
};

export const released: Subscription = {
  ...inGrace,
  id: 4,
  order_id: 3,
  product_id: 'mysql-ubuntu',
  product_name: 'MySQL 8 on Ubuntu',
  delivery: 'image',
  expires_at: '2026-02-16T04:59:59Z',
  state: 'released',
  days_left: -40,
  grace_ends_at: '2026-03-03T04:59:59Z',
  released_at: '2026-03-18T03:59:59Z',
};

export const cancelled: Subscription = {
  ...active,
  id: 5,
  order_id: 2,
  product_name: 'Orbit CRM Sandbox',
  state: 'cancelled',
  days_left: 1,
  auto_renew: false,
  auto_renew_period: null,
  next_auto_renewal: null,
};

/** The active subscription's timeline, the soonest first, as the core reads its timers. */
export const activeTimeline: TimelineEvent[] = [
  {
    at: '2026-04-01T07:00:00Z',
    kind: 'auto_renewal',
    rule: 'R-REN-3',
    what: 'Automatic renewal for 1 month is charged (tried again at 03:00 each day if it fails)',
  },
  {
    at: '2026-04-02T13:00:00Z',
    kind: 'expiry_notice',
    rule: 'R-REN-1',
    what: 'You are told it expires soon',
  },
  {
    at: '2026-04-09T03:59:59Z',
    kind: 'expiry',
    rule: 'R-REN-1',
    what: 'Expires: 15 days of grace begin, still usable',
  },
  {
    at: '2026-04-24T03:59:59Z',
    kind: 'grace_end',
    rule: 'R-REN-1',
    what: 'Grace ends: frozen for 15 days, data kept',
  },
  {
    at: '2026-05-09T03:59:59Z',
    kind: 'release',
    rule: 'R-REN-1',
    what: 'Released: its resources are deleted',
  },
];

export const manualRenewal: Renewal = {
  id: 11,
  kind: 'manual',
  period: 'month',
  duration: 1,
  amount: '600.00',
  from_expiry: '2026-03-09T04:59:59Z',
  to_expiry: '2026-04-09T03:59:59Z',
  status: 'paid',
  failure: null,
  at: '2026-03-01T15:00:00Z',
};

/** The price of one month or one year of any subscription here. */
const PRICE: Record<BillingPeriod, number> = { hour: 1, month: 600, year: 6000 };

/** `at` moved by `months` calendar months (UTC is enough for a stand-in). */
function addMonths(at: string, months: number): string {
  const date = new Date(at);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().replace('.000Z', 'Z');
}

/** A week before `at`: when an automatic renewal charges. */
function weekBefore(at: string): string {
  return new Date(Date.parse(at) - 7 * 86_400_000).toISOString().replace('.000Z', 'Z');
}

const failure = (code: ApiError['code'], message: string): ApiError => ({ code, message });

const renewable = (s: Subscription) =>
  s.state === 'active' || s.state === 'grace' || s.state === 'retention';

/** Whether a tab holds a subscription, as the core decides it. */
export function tabHolds(tab: RenewalsTab, s: Subscription): boolean {
  switch (tab) {
    case 'all':
      return true;
    case 'expiring':
      return s.state === 'active' && s.days_left <= 30;
    case 'grace':
      return s.state === 'grace';
    case 'retention':
      return s.state === 'retention';
    case 'auto_renew':
      return renewable(s) && s.auto_renew;
    case 'manual':
      return renewable(s) && !s.auto_renew;
    case 'ended':
      return !renewable(s);
  }
}

/**
 * Renewals' page as the core answers it: the subscriptions whose product name contains the
 * trimmed text (any case), the ended ones last, then the soonest to expire; every tab counted
 * for the same text. Refuses what the core refuses.
 */
export function renewalsPage(subscriptions: Subscription[], query: RenewalsQuery): RenewalsPage {
  const limit = query.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw failure('invalid_input', 'the limit must be between 1 and 100');
  }
  if ([...(query.product ?? '')].length > 200) {
    throw failure('invalid_input', 'the product text is longer than 200 characters');
  }
  const text = query.product?.trim().toLowerCase() ?? '';
  const offset = query.offset ?? 0;
  const tab = query.tab ?? 'all';
  const found = subscriptions
    .filter((s) => s.product_name.toLowerCase().includes(text))
    .sort(
      (a, b) =>
        Number(!renewable(a)) - Number(!renewable(b)) ||
        Date.parse(a.expires_at) - Date.parse(b.expires_at) ||
        a.id - b.id,
    );
  const inTab = found.filter((s) => tabHolds(tab, s));
  return {
    items: inTab.slice(offset, offset + limit),
    total: inTab.length,
    offset,
    limit,
    tabs: RENEWALS_TABS.map((t) => ({ tab: t, count: found.filter((s) => tabHolds(t, s)).length })),
  };
}

export interface FakeOptions {
  timelines?: Record<number, TimelineEvent[]>;
  renewals?: Record<number, Renewal[]>;
}

/** A stand-in for the buyer's renewal commands, keeping what they change. */
export function fakeRenewals(start: Subscription[], options: FakeOptions = {}) {
  let subscriptions = start;
  const timelines = { ...options.timelines };
  const history: Record<number, Renewal[]> = { ...options.renewals };
  const keys = new Map<string, Renewal>();
  let nextId = 30;

  const find = (id: unknown): Subscription => {
    const subscription = subscriptions.find((s) => s.id === id);
    if (subscription === undefined) {
      throw failure('not_found', `subscription ${String(id)} of this account not found`);
    }
    return subscription;
  };
  const detail = (subscription: Subscription): SubscriptionDetail => ({
    subscription,
    timeline: timelines[subscription.id] ?? [],
    renewals: history[subscription.id] ?? [],
  });
  const quote = (s: Subscription, period: BillingPeriod, duration: number): RenewalQuote => {
    if (!renewable(s)) {
      throw failure('conflict', `${s.product_name} was ${s.state} and can no longer be renewed`);
    }
    const most = period === 'year' ? 5 : 11;
    if (!Number.isInteger(duration) || duration < 1 || duration > most) {
      throw failure('invalid_input', 'duration: renew for 1 to 11 months, or 1 to 5 years');
    }
    return {
      subscription_id: s.id,
      period,
      duration,
      amount: `${PRICE[period] * duration}.00`,
      from_expiry: s.expires_at,
      to_expiry: addMonths(s.expires_at, period === 'year' ? 12 * duration : duration),
    };
  };
  const apply = (s: Subscription, renewal: Renewal): Subscription => {
    const renewed: Subscription = {
      ...s,
      expires_at: renewal.to_expiry,
      state: 'active',
      days_left: s.days_left + (renewal.period === 'year' ? 365 : 30) * renewal.duration,
    };
    subscriptions = subscriptions.map((o) => (o.id === s.id ? renewed : o));
    history[s.id] = [renewal, ...(history[s.id] ?? [])];
    return renewed;
  };

  return (command: string, args: Record<string, unknown>): unknown => {
    switch (command) {
      case 'account_show':
        return prepaidAccount;
      case 'subscriptions_of_orders':
        return subscriptions.filter((s) => (args.orders as number[]).includes(s.order_id));
      case 'subscriptions_renewals':
        return renewalsPage(subscriptions, args.query as RenewalsQuery);
      case 'subscription_show':
        return detail(find(args.id));
      case 'subscription_renewal_quote':
        return quote(find(args.id), args.period as BillingPeriod, Number(args.duration));
      case 'subscription_renew': {
        const request = args.request as RenewRequest;
        const earlier = keys.get(request.idempotency_key);
        if (earlier !== undefined) {
          if (earlier.period !== request.period || earlier.duration !== request.duration) {
            throw failure('conflict', 'idempotency key: already used for another renewal');
          }
          return earlier;
        }
        const s = find(request.subscription_id);
        const priced = quote(s, request.period, request.duration);
        const renewal: Renewal = {
          id: nextId++,
          kind: 'manual',
          period: request.period,
          duration: request.duration,
          amount: priced.amount,
          from_expiry: priced.from_expiry,
          to_expiry: priced.to_expiry,
          status: 'paid',
          failure: null,
          at: '2026-03-28T15:00:00Z',
        };
        apply(s, renewal);
        keys.set(request.idempotency_key, renewal);
        return renewal;
      }
      case 'subscription_auto_renew': {
        const s = find(args.id);
        if (!renewable(s)) throw failure('conflict', `${s.product_name} was ${s.state}`);
        const choice = args.choice as {
          enabled: boolean;
          period?: BillingPeriod | null;
          date?: string | null;
        };
        const period = choice.period ?? s.period;
        let updated: Subscription = {
          ...s,
          auto_renew: choice.enabled,
          auto_renew_period: choice.enabled ? period : null,
          auto_renew_date: choice.enabled ? (choice.date ?? null) : null,
          next_auto_renewal: choice.enabled
            ? choice.date
              ? `${choice.date}T07:00:00Z`
              : '2026-04-01T07:00:00Z'
            : null,
        };
        subscriptions = subscriptions.map((o) => (o.id === s.id ? updated : o));
        if (choice.enabled && choice.date == null && s.days_left <= 7) {
          // Switched on past its charge time: charged at once (R-REN-5).
          const priced = quote(updated, period, 1);
          updated = apply(updated, {
            id: nextId++,
            kind: 'auto',
            period,
            duration: 1,
            amount: priced.amount,
            from_expiry: priced.from_expiry,
            to_expiry: priced.to_expiry,
            status: 'paid',
            failure: null,
            at: '2026-03-28T15:00:00Z',
          });
          updated = { ...updated, next_auto_renewal: weekBefore(updated.expires_at) };
          subscriptions = subscriptions.map((o) => (o.id === s.id ? updated : o));
        }
        return detail(updated);
      }
      default:
        throw failure('internal', `Unknown command ${command}`);
    }
  };
}
