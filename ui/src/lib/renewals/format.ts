/**
 * Subscriptions in words (R-REN, R-MT-4), for Billing Center > Renewals and a subscription's
 * page: states, days left, automatic renewal, renewals, the durations a renewal offers, and
 * Renewals' tabs and pages.
 *
 * Times come from the core in UTC and are shown in the buyer's time zone (the account's), where
 * terms end at 23:59:59. Nothing here counts days or computes money: the core does.
 */
import type { BillingPeriod, Renewal, RenewalsTab, Subscription, SubscriptionState } from '../api';
import { formatDuration, formatMoney } from '../catalog/format';
import { formatInstant } from '../util/time';

const STATE_LABELS: Record<SubscriptionState, string> = {
  active: 'Active',
  grace: 'Grace — usable',
  retention: 'Retention — frozen',
  released: 'Released',
  cancelled: 'Cancelled',
};

/** "Active", "Grace — usable", "Retention — frozen", "Released", "Cancelled". */
export function stateLabel(state: SubscriptionState): string {
  return STATE_LABELS[state];
}

/** Whether it can still be renewed, by hand or automatically: until it is released (R-REN-1). */
export function renewable(state: SubscriptionState): boolean {
  return state === 'active' || state === 'grace' || state === 'retention';
}

/** Whether its specification can be upgraded: only while it is in use, active or in grace. */
export function upgradable(state: SubscriptionState): boolean {
  return state === 'active' || state === 'grace';
}

/** Whether a renewal now starts from the original expiry rather than from today (R-REN-2). */
export function expired(state: SubscriptionState): boolean {
  return state === 'grace' || state === 'retention';
}

/** "12 days left", "1 day left", "expires today", "expired 1 day ago", "expired 3 days ago". */
export function daysLeftWords(days: number): string {
  if (days === 0) return 'expires today';
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'} left`;
  const ago = -days;
  return `expired ${ago} ${ago === 1 ? 'day' : 'days'} ago`;
}

/** "2026-12-25 23:59" in the buyer's time zone (machine's until the account is known). */
export function localTime(at: string, timeZone?: string): string {
  return formatInstant(at, timeZone);
}

/** "On", with the next charge when one is planned, or "Off". */
export function autoRenewWords(subscription: Subscription, timeZone?: string): string {
  if (!subscription.auto_renew) return 'Off';
  if (subscription.next_auto_renewal === null) return 'On';
  return `On · next charge ${localTime(subscription.next_auto_renewal, timeZone)}`;
}

/** Why a subscription that renews no more shows no forms. */
export function closedReason(subscription: Subscription, timeZone?: string): string {
  if (subscription.state === 'released') {
    return `Released on ${localTime(subscription.released_at, timeZone)}: its resources were deleted, so it can no longer be renewed. Buy the product again to use it.`;
  }
  return 'Its order was cancelled (unsubscribed or refunded), so it can no longer be renewed.';
}

/** The durations a renewal offers: 1 to 11 months, or 1 to 5 years. */
export function durations(period: BillingPeriod): number[] {
  const most = period === 'year' ? 5 : 11;
  return Array.from({ length: most }, (_, index) => index + 1);
}

/** The periods a renewal is counted in. */
export const RENEW_PERIODS: readonly BillingPeriod[] = ['month', 'year'];

const STATUS_LABELS: Record<string, string> = {
  paid: 'Paid',
  reference_only: 'Settled with your reseller',
  failed: 'Failed',
};

/** A renewal's status in words; the failure's reason follows a failed one. */
export function renewalStatusWords(renewal: Renewal): string {
  const label = STATUS_LABELS[renewal.status] ?? renewal.status;
  return renewal.status === 'failed' && renewal.failure !== null
    ? `${label}: ${renewal.failure}`
    : label;
}

/** "By hand" or "Automatic". */
export function renewalKindLabel(kind: string): string {
  return kind === 'auto' ? 'Automatic' : 'By hand';
}

/** "3 months for $87.00". */
export function renewalWords(renewal: Pick<Renewal, 'duration' | 'period' | 'amount'>): string {
  return `${formatDuration(renewal.duration, renewal.period)} for ${formatMoney(renewal.amount)}`;
}

const TAB_LABELS: Record<RenewalsTab, string> = {
  all: 'All',
  expiring: 'Expiring in 30 days',
  grace: 'In grace',
  retention: 'Frozen',
  auto_renew: 'Auto-renewal on',
  manual: 'Renewed by hand',
  ended: 'Ended',
};

/** "All", "Expiring in 30 days", "In grace", "Frozen", "Auto-renewal on", "Renewed by hand", "Ended". */
export function tabLabel(tab: RenewalsTab): string {
  return TAB_LABELS[tab];
}

export { rangeText } from '../util/paging';

/** What an empty tab or search says, naming what was asked for. */
export function noMatchWords(tab: RenewalsTab, product: string): string {
  const text = product === '' ? '' : ` match “${product}”`;
  if (tab === 'all') return `No subscriptions${text}.`;
  return `No subscriptions in “${tabLabel(tab)}”${text}.`;
}
