/** Subscriptions: Billing Center > Renewals, automatic renewal and upgrades. */
import { commands } from './bindings';
import type {
  AutoRenewChoice,
  BillingPeriod,
  RenewRequest,
  Renewal,
  RenewalQuote,
  RenewalsPage,
  RenewalsQuery,
  Subscription,
  SubscriptionDetail,
  Upgrade,
  UpgradeQuote,
  UpgradeRequest,
} from './bindings';
import { unwrap } from './call';

/**
 * The buyer's subscriptions bought by these orders (at most 10,000): how a page finds the
 * subscription of an app or an instance without reading every subscription of the buyer. An
 * order without one is not in the answer.
 */
export function loadSubscriptionsOfOrders(orders: number[]): Promise<Subscription[]> {
  return unwrap(() => commands.subscriptionsOfOrders(orders));
}

/**
 * Billing Center > Renewals: one tab's subscriptions whose product name contains `product`, a
 * page at a time, with every tab's count for that text. Throws `invalid_input` for a limit
 * outside 1 to 100 or a text longer than 200 characters.
 */
export function loadRenewals(query: RenewalsQuery): Promise<RenewalsPage> {
  return unwrap(() => commands.subscriptionsRenewals(query));
}

/** One subscription with its timeline (what happens on which date) and its renewals. */
export function loadSubscription(id: number): Promise<SubscriptionDetail> {
  return unwrap(() => commands.subscriptionShow(id));
}

/**
 * What renewing for `duration` months (1 to 11) or years (1 to 5) would cost, and the expiry it
 * would give. Throws `conflict` for a subscription released or cancelled.
 */
export function quoteRenewal(
  id: number,
  period: BillingPeriod,
  duration: number,
): Promise<RenewalQuote> {
  return unwrap(() => commands.subscriptionRenewalQuote(id, period, duration));
}

/**
 * Renews by hand, paid the way the order was. The same idempotency key again returns the first
 * renewal and pays nothing more; the same key for another renewal throws `conflict`. A declined
 * payment throws `payment_declined` or `insufficient_balance` and writes nothing.
 */
export function renewSubscription(request: RenewRequest): Promise<Renewal> {
  return unwrap(() => commands.subscriptionRenew(request));
}

/**
 * Switches automatic renewal on, changes it, or off; resolves to the subscription as it now
 * stands (switched on past its charge time, it has charged at once).
 */
export function setAutoRenew(id: number, choice: AutoRenewChoice): Promise<SubscriptionDetail> {
  return unwrap(() => commands.subscriptionAutoRenew(id, choice));
}

/**
 * Upgrade Specification: the fee of a higher edition and/or more users for the rest of the
 * term, line by line with each line's rule and arithmetic. `null` keeps the edition or the
 * users. A lower edition or fewer users throws (they are chosen at renewal).
 */
export function quoteUpgrade(
  id: number,
  edition: string | null,
  users: number | null,
): Promise<UpgradeQuote> {
  return unwrap(() => commands.subscriptionUpgradeQuote(id, edition, users));
}

/**
 * Pays an upgrade, the way the order was paid; the new specification takes effect at once.
 * The same idempotency key again returns the first upgrade and pays nothing more.
 */
export function payUpgrade(request: UpgradeRequest): Promise<Upgrade> {
  return unwrap(() => commands.subscriptionUpgrade(request));
}
