/**
 * How catalog values read on screen: money, prices, tiers, labels, sizes.
 *
 * Money arrives from the core as a decimal string ("29.00"); it is formatted as text and
 * never turned into a JavaScript number, so no float rounding can creep into a price.
 */
import type {
  BillingMode,
  BillingPeriod,
  DeliveryMethod,
  PricePlan,
  PriceTier,
  PricingModel,
  StartingPrice,
} from '../api';
import { formatWhole } from '../util/numbers';

const DELIVERY_LABELS: Record<DeliveryMethod, string> = {
  image: 'Image',
  saas: 'SaaS',
  license: 'License',
  professional_service: 'Professional service',
  hardware: 'Hardware',
  content_service: 'Content service',
  consulting_service: 'Consulting service',
  cloud_host: 'Cloud host',
};

const BILLING_LABELS: Record<BillingMode, string> = {
  pay_per_use: 'Pay-per-use',
  yearly_monthly: 'Yearly/Monthly',
};

const PERIOD_LABELS: Record<BillingPeriod, string> = {
  hour: 'hour',
  month: 'month',
  year: 'year',
};

const PRICING_LABELS: Record<PricingModel, string> = {
  flat: 'Flat',
  linear: 'Linear',
  tiered: 'Tiered',
  volume: 'Volume',
};

const PRICING_EXPLANATIONS: Record<PricingModel, string> = {
  flat: 'Flat: one price for the edition',
  linear: 'Linear: one price per user, whatever the number of users',
  tiered: "Tiered: each tier's users pay that tier's price",
  volume: 'Volume: all users pay the price of the tier the total falls in',
};

export const PRICE_ON_REQUEST = 'Price on request';

export function deliveryLabel(method: DeliveryMethod): string {
  return DELIVERY_LABELS[method];
}

export function billingLabel(mode: BillingMode): string {
  return BILLING_LABELS[mode];
}

export function periodLabel(period: BillingPeriod): string {
  return PERIOD_LABELS[period];
}

export function pricingLabel(model: PricingModel): string {
  return PRICING_LABELS[model];
}

/** The sentence that says how a pricing model charges users. */
export function pricingExplanation(model: PricingModel): string {
  return PRICING_EXPLANATIONS[model];
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * "$1,234.50" from "1234.5": groups thousands and shows at least two decimals, keeping any
 * further digits the core sent (a unit price may be "0.125"). Text that is not a decimal is
 * shown as it came rather than hidden.
 */
export function formatMoney(amount: string): string {
  const match = DECIMAL.exec(amount.trim());
  if (match === null) return `$${amount}`;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const integer = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${integer}.${fraction.padEnd(2, '0')}`;
}

/** "−$58.00" for a negative amount (a typographic minus), "$348.00" otherwise. */
export function formatSignedMoney(amount: string): string {
  const shown = formatMoney(amount);
  return shown.startsWith('-') ? `\u2212${shown.slice(1)}` : shown;
}

/** "1 month", "3 months", "2 years", "1 hour". */
export function formatDuration(count: number, period: BillingPeriod): string {
  return `${count} ${periodLabel(period)}${count === 1 ? '' : 's'}`;
}

/** "$29.00 / month", or "$8.00 / user / month" when the price is per user. */
export function formatRate(amount: string, period: BillingPeriod, perUser = false): string {
  return `${formatMoney(amount)}${perUser ? ' / user' : ''} / ${periodLabel(period)}`;
}

/** "From $29.00 / month", "From $8.00 / user / month"; "Price on request" without a price. */
export function formatStartingPrice(price: StartingPrice | null): string {
  if (price === null) return PRICE_ON_REQUEST;
  return `From ${formatRate(price.amount, price.period, price.per_user)}`;
}

/** "1 user", "1–10 users", "51+ users". */
export function formatTierRange(tier: PriceTier): string {
  const { from_users: from, to_users: to } = tier;
  if (to === null) return `${from}+ users`;
  if (to === from) return from === 1 ? '1 user' : `${from} users`;
  return `${from}–${to} users`;
}

/** "1–10 users: $12.00". */
export function formatTier(tier: PriceTier): string {
  return `${formatTierRange(tier)}: ${formatMoney(tier.unit_price)}`;
}

/**
 * The price of a flat or linear plan: "$29.00 / month", "$6.00 / user / month". Tiered and
 * volume plans have no single price (their tiers are shown instead): this returns null.
 */
export function formatPlanPrice(plan: PricePlan): string | null {
  switch (plan.pricing) {
    case 'flat':
      return plan.price === null ? PRICE_ON_REQUEST : formatRate(plan.price, plan.period);
    case 'linear':
      return plan.price === null ? PRICE_ON_REQUEST : formatRate(plan.price, plan.period, true);
    case 'tiered':
    case 'volume':
      return null;
  }
}

/** "Hourly", "Monthly", "Yearly". */
export function periodAdjective(period: BillingPeriod): string {
  return { hour: 'Hourly', month: 'Monthly', year: 'Yearly' }[period];
}

/** "512 B", "48 KB", "2.4 MB". */
export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

/** "1 result", "42 results". */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatWhole(count)} ${count === 1 ? singular : plural}`;
}

/** "15 Mar 2024" from "2024-03-15"; other text is shown as it came. */
export { formatDate } from '../util/time';

/** Description text as paragraphs: blank lines separate them; single newlines stay. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/** One or two letters standing in for a missing logo. */
export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
  const letters = words
    .slice(0, 2)
    .map((word) => word[0] ?? '')
    .join('');
  return letters.toUpperCase() || '?';
}
