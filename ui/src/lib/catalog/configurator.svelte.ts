/**
 * The state behind the product page's configurator: which edition, billing mode, period,
 * duration and number of users the buyer has chosen, and the live quote for that choice.
 *
 * Only what an edition offers can be chosen: changing the edition keeps the billing mode,
 * period and duration where they still fit and falls back to the defaults where they do not.
 * Each change asks the backend for a new quote after a short pause (so that typing a number
 * of users asks once), and only the answer to the latest request is kept. Prices are never
 * computed here: the core does it, and its `invalid_input` message is shown as it comes.
 */
import {
  ApiFailure,
  quoteProduct,
  saveFavorite,
  type BillingMode,
  type BillingPeriod,
  type Edition,
  type FavoriteSpec,
  type PricePlan,
  type ProductDetail,
  type Quote,
  type QuoteRequest,
} from '../api';
import type { ProductSpec } from '../router/route';
import { asFailure } from '../util/resource.svelte';

/** How long the configurator waits after a change before asking for a quote. */
export const QUOTE_DELAY_MS = 100;
/** The most users a per-user plan can be priced for (the core refuses more). */
export const MAX_USERS = 10_000;

const MAX_DURATION: Record<BillingPeriod, number> = { hour: 1, month: 36, year: 5 };
const BILLING_ORDER: readonly BillingMode[] = ['yearly_monthly', 'pay_per_use'];
const PERIOD_ORDER: readonly BillingPeriod[] = ['month', 'year', 'hour'];

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

export interface ConfiguratorOptions {
  quote?: (request: QuoteRequest) => Promise<Quote>;
  save?: (productId: string, spec: FavoriteSpec) => Promise<unknown>;
  delayMs?: number;
}

/** The durations a period can be bought for: 1–36 months, 1–5 years, 1 hour. */
export function durationChoices(period: BillingPeriod): number[] {
  return Array.from({ length: MAX_DURATION[period] }, (_, index) => index + 1);
}

function sorted<T>(values: T[], order: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** The billing modes an edition offers, yearly/monthly first. */
export function billingChoices(edition: Edition): BillingMode[] {
  return sorted(
    edition.plans.map((plan) => plan.billing),
    BILLING_ORDER,
  );
}

/** The periods an edition offers for a billing mode: monthly, then yearly, then hourly. */
export function periodChoices(edition: Edition, billing: BillingMode): BillingPeriod[] {
  return sorted(
    edition.plans.filter((plan) => plan.billing === billing).map((plan) => plan.period),
    PERIOD_ORDER,
  );
}

export class Configurator {
  readonly product: ProductDetail;
  edition = $state('');
  billing = $state<BillingMode>('yearly_monthly');
  period = $state<BillingPeriod>('month');
  duration = $state(1);
  /** The number typed for a per-user plan; null while the field is empty. */
  users = $state<number | null>(1);

  quote = $state.raw<Quote | null>(null);
  /** True while a quote is being asked for (the previous one stays shown, dimmed). */
  loading = $state(false);
  error = $state.raw<ApiFailure | null>(null);
  saveStatus = $state<SaveStatus>('idle');
  saveError = $state<string | null>(null);

  readonly #quote: (request: QuoteRequest) => Promise<Quote>;
  readonly #save: (productId: string, spec: FavoriteSpec) => Promise<unknown>;
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  constructor(
    product: ProductDetail,
    preset: ProductSpec | null,
    options: ConfiguratorOptions = {},
  ) {
    this.product = product;
    this.#quote = options.quote ?? quoteProduct;
    this.#save = options.save ?? saveFavorite;
    this.#delayMs = options.delayMs ?? QUOTE_DELAY_MS;

    this.apply(preset);
  }

  /**
   * Starts again from a configuration (the URL's): the parts that fit the product are taken,
   * the rest fall back to the defaults (the first edition, yearly/monthly, by the month, for
   * one period, one user).
   */
  apply(preset: ProductSpec | null) {
    const offered = this.editions.filter((edition) => edition.plans.length > 0);
    const edition =
      offered.find((candidate) => candidate.code === preset?.edition) ?? offered[0] ?? null;
    if (edition === null) return;
    this.edition = edition.code;
    this.#fit(preset?.billing ?? null, preset?.period ?? null, preset?.duration ?? null);
    this.users = preset?.users ?? 1;
    this.#changed();
  }

  get editions(): Edition[] {
    return this.product.editions;
  }

  /** False when no edition has a price plan: there is nothing to configure. */
  get available(): boolean {
    return this.edition !== '';
  }

  get selectedEdition(): Edition | undefined {
    return this.editions.find((edition) => edition.code === this.edition);
  }

  get billingOptions(): BillingMode[] {
    const edition = this.selectedEdition;
    return edition === undefined ? [] : billingChoices(edition);
  }

  get periodOptions(): BillingPeriod[] {
    const edition = this.selectedEdition;
    return edition === undefined ? [] : periodChoices(edition, this.billing);
  }

  get durationOptions(): number[] {
    return durationChoices(this.period);
  }

  get plan(): PricePlan | undefined {
    return this.selectedEdition?.plans.find(
      (plan) => plan.billing === this.billing && plan.period === this.period,
    );
  }

  /** True when the chosen plan is priced per user, so the number of users matters. */
  get perUser(): boolean {
    const pricing = this.plan?.pricing;
    return pricing !== undefined && pricing !== 'flat';
  }

  /** What the quote is asked for, and what Save to List keeps. */
  get spec(): FavoriteSpec {
    return {
      edition: this.edition,
      billing: this.billing,
      period: this.period,
      duration: this.duration,
      users: this.perUser ? this.users : null,
    };
  }

  chooseEdition(code: string) {
    if (code === this.edition) return;
    this.edition = code;
    this.#fit(this.billing, this.period, this.duration);
    this.#changed();
  }

  chooseBilling(mode: BillingMode) {
    if (mode === this.billing) return;
    this.#fit(mode, this.period, this.duration);
    this.#changed();
  }

  choosePeriod(period: BillingPeriod) {
    if (period === this.period) return;
    this.#fit(this.billing, period, this.duration);
    this.#changed();
  }

  chooseDuration(duration: number) {
    if (duration === this.duration) return;
    this.duration = duration;
    this.#changed();
  }

  /** The number typed, or null for an empty field; the core says what is wrong with it. */
  setUsers(users: number | null) {
    const value = users === null || Number.isNaN(users) ? null : users;
    if (value === this.users) return;
    this.users = value;
    this.#changed();
  }

  async saveToList(): Promise<void> {
    this.saveStatus = 'saving';
    this.saveError = null;
    try {
      await this.#save(this.product.summary.id, this.spec);
      this.saveStatus = 'saved';
    } catch (error) {
      this.saveError = asFailure(error).message;
      this.saveStatus = 'error';
    }
  }

  /** Stops a pending request; its answer, if any, is ignored. */
  dispose() {
    clearTimeout(this.#timer);
    this.#generation += 1;
  }

  /** Keeps what still fits the edition and falls back to its defaults for the rest. */
  #fit(billing: BillingMode | null, period: BillingPeriod | null, duration: number | null) {
    const edition = this.selectedEdition;
    if (edition === undefined) return;
    const modes = billingChoices(edition);
    this.billing =
      billing !== null && modes.includes(billing) ? billing : (modes[0] ?? 'yearly_monthly');
    const periods = periodChoices(edition, this.billing);
    this.period = period !== null && periods.includes(period) ? period : (periods[0] ?? 'month');
    const durations = durationChoices(this.period);
    this.duration = duration !== null && durations.includes(duration) ? duration : 1;
  }

  #changed() {
    this.saveStatus = 'idle';
    this.saveError = null;
    this.#schedule();
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.loading = true;
    this.#timer = setTimeout(() => void this.#ask(), this.#delayMs);
  }

  async #ask(): Promise<void> {
    const generation = ++this.#generation;
    const spec = this.spec;
    const request: QuoteRequest = {
      product_id: this.product.summary.id,
      ...spec,
      quantity: null,
    };
    try {
      const quote = await this.#quote(request);
      if (generation !== this.#generation) return;
      this.quote = quote;
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      // A configuration the core refuses has no price: the old one must not stand for it.
      this.quote = null;
      this.error = asFailure(error);
    }
    this.loading = false;
  }
}
