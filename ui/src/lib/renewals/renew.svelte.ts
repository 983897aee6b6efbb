/**
 * Renewing a subscription by hand (R-REN-2, R-REN-5): 1 to 11 months or 1 to 5 years, the
 * core's quote for that choice (its price, and the expiry it moves from and to), then Pay.
 *
 * Paying twice must be impossible whatever is clicked twice. The form carries one idempotency
 * key per submission: Pay sends it every time, so a retry after a failure or a lost answer is
 * the same renewal, which the core pays once. A new key is made only once a renewal was paid
 * (the next one is another renewal) or when the core says the key already paid another one.
 * The price is the core's quote; nothing here computes money.
 */
import {
  quoteRenewal,
  renewSubscription,
  type ApiFailure,
  type BillingPeriod,
  type Renewal,
  type RenewalQuote,
  type RenewRequest,
} from '../api';
import { asFailure } from '../util/resource.svelte';
import { durations } from './format';

export interface RenewOptions {
  quote?: (id: number, period: BillingPeriod, duration: number) => Promise<RenewalQuote>;
  renew?: (request: RenewRequest) => Promise<Renewal>;
  newKey?: () => string;
}

/** A fresh idempotency key for one renewal: 128 random bits. */
export function newRenewalKey(): string {
  // getRandomValues, unlike randomUUID, does not depend on the page being a secure context.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `renewal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class RenewForm {
  readonly subscriptionId: number;

  period = $state<BillingPeriod>('month');
  duration = $state(1);
  quote = $state.raw<RenewalQuote | null>(null);
  quoteError = $state.raw<ApiFailure | null>(null);
  paying = $state(false);
  error = $state.raw<ApiFailure | null>(null);
  /** The renewal the last Pay made. */
  done = $state.raw<Renewal | null>(null);

  readonly #quote: (id: number, period: BillingPeriod, duration: number) => Promise<RenewalQuote>;
  readonly #renew: (request: RenewRequest) => Promise<Renewal>;
  readonly #newKey: () => string;
  #key: string;
  #quoteGeneration = 0;

  constructor(subscriptionId: number, period: BillingPeriod, options: RenewOptions = {}) {
    this.subscriptionId = subscriptionId;
    this.period = period === 'year' ? 'year' : 'month';
    this.#quote = options.quote ?? quoteRenewal;
    this.#renew = options.renew ?? renewSubscription;
    this.#newKey = options.newKey ?? newRenewalKey;
    this.#key = this.#newKey();
  }

  /** The key Pay sends; the same until a renewal is paid with it. */
  get idempotencyKey(): string {
    return this.#key;
  }

  /** The quote on screen is for the choice on screen. */
  get quoteCurrent(): boolean {
    return (
      this.quote !== null &&
      this.quote.period === this.period &&
      this.quote.duration === this.duration
    );
  }

  get canPay(): boolean {
    return !this.paying && this.quoteCurrent && this.quoteError === null;
  }

  setPeriod(period: BillingPeriod) {
    if (period === this.period) return;
    this.period = period;
    if (!durations(period).includes(this.duration)) this.duration = 1;
    this.done = null;
    void this.refreshQuote();
  }

  setDuration(duration: number) {
    if (!durations(this.period).includes(duration) || duration === this.duration) return;
    this.duration = duration;
    this.done = null;
    void this.refreshQuote();
  }

  /** Asks the core for the price and new expiry of the current choice; the latest answer wins. */
  async refreshQuote(): Promise<void> {
    const generation = ++this.#quoteGeneration;
    const { period, duration } = this;
    this.quoteError = null;
    try {
      const quote = await this.#quote(this.subscriptionId, period, duration);
      if (generation !== this.#quoteGeneration) return;
      this.quote = quote;
    } catch (error) {
      if (generation !== this.#quoteGeneration) return;
      this.quote = null;
      this.quoteError = asFailure(error);
    }
  }

  /** Pay: renews once for the quoted choice, whatever is clicked twice. */
  async pay(): Promise<Renewal | null> {
    if (!this.canPay) return null;
    this.paying = true;
    this.error = null;
    this.done = null;
    try {
      const renewal = await this.#renew({
        subscription_id: this.subscriptionId,
        period: this.period,
        duration: this.duration,
        idempotency_key: this.#key,
      });
      this.done = renewal;
      // The next renewal is another one.
      this.#key = this.#newKey();
      return renewal;
    } catch (error) {
      const failure = asFailure(error);
      this.error = failure;
      // The key already paid another renewal: trying again is a new one.
      if (failure.code === 'conflict') this.#key = this.#newKey();
      return null;
    } finally {
      this.paying = false;
    }
  }
}
