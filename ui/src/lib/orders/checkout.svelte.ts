/**
 * The state behind the checkout screen (R-BUY-3, R-BUY-4): the order details, the boxes the
 * buyer must tick, Pay Now, the payment method and Confirm.
 *
 * Paying twice must be impossible whatever is clicked twice. The checkout carries one
 * idempotency key, made when the screen opens: Confirm sends it every time, so a second
 * click (or a retry after a lost answer) returns the first order and charges nothing more.
 * A new key is made only when the first attempt ended the order (a declined payment cancels
 * it), so that trying another payment method is a new checkout. The price is the core's
 * quote; nothing here computes money.
 */
import {
  placeOrder,
  quoteProduct,
  type Account,
  type ApiFailure,
  type CheckoutRequest,
  type OrderDetail,
  type ProductDetail,
  type Quote,
  type QuoteRequest,
} from '../api';
import { asFailure } from '../util/resource.svelte';
import { paymentOptions, type PaymentOption } from './format';

/** The most copies one order is for (the core refuses more). */
export const MAX_QUANTITY = 100;

export type CheckoutStep = 'details' | 'payment';

export interface CheckoutOptions {
  place?: (request: CheckoutRequest) => Promise<OrderDetail>;
  quote?: (request: QuoteRequest) => Promise<Quote>;
  newKey?: () => string;
}

/** A fresh idempotency key for one checkout: 128 random bits. */
export function newCheckoutKey(): string {
  // getRandomValues, unlike randomUUID, does not depend on the page being a secure context.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `checkout-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class Checkout {
  readonly product: ProductDetail;
  readonly account: Account;
  readonly configuration: Omit<QuoteRequest, 'quantity'>;

  quantity = $state(1);
  acceptTerms = $state(false);
  authorizeSeller = $state(false);
  step = $state<CheckoutStep>('details');
  paymentKey = $state<string | null>(null);

  quote = $state.raw<Quote | null>(null);
  quoteError = $state.raw<ApiFailure | null>(null);
  submitting = $state(false);
  error = $state.raw<ApiFailure | null>(null);
  placed = $state.raw<OrderDetail | null>(null);

  readonly #place: (request: CheckoutRequest) => Promise<OrderDetail>;
  readonly #quote: (request: QuoteRequest) => Promise<Quote>;
  readonly #newKey: () => string;
  #key: string;
  #quoteGeneration = 0;

  constructor(
    product: ProductDetail,
    account: Account,
    configuration: Omit<QuoteRequest, 'quantity'>,
    options: CheckoutOptions = {},
  ) {
    this.product = product;
    this.account = account;
    this.configuration = configuration;
    this.#place = options.place ?? placeOrder;
    this.#quote = options.quote ?? quoteProduct;
    this.#newKey = options.newKey ?? newCheckoutKey;
    this.#key = this.#newKey();
    this.paymentKey = this.paymentOptions[0]?.key ?? null;
    void this.refreshQuote();
  }

  /** The key Confirm sends; the same until the order it made is cancelled. */
  get idempotencyKey(): string {
    return this.#key;
  }

  get referenceOnly(): boolean {
    return this.account.kind === 'reseller_customer';
  }

  get needsAuthorization(): boolean {
    return this.product.requires_seller_authorization;
  }

  get paymentOptions(): PaymentOption[] {
    return paymentOptions(this.account);
  }

  /** Pay Now is offered once the boxes are ticked and the configuration has a price. */
  get canPay(): boolean {
    return (
      this.acceptTerms &&
      (!this.needsAuthorization || this.authorizeSeller) &&
      this.quote !== null &&
      this.quoteError === null
    );
  }

  /** Confirm needs a payment method, except for a reseller customer. */
  get canConfirm(): boolean {
    return this.canPay && !this.submitting && (this.referenceOnly || this.paymentKey !== null);
  }

  get request(): CheckoutRequest {
    const option = this.paymentOptions.find((o) => o.key === this.paymentKey);
    return {
      configuration: { ...this.configuration, quantity: this.quantity },
      accept_terms: this.acceptTerms,
      authorize_seller: this.needsAuthorization && this.authorizeSeller,
      payment: this.referenceOnly ? null : (option?.choice ?? null),
      idempotency_key: this.#key,
    };
  }

  setQuantity(quantity: number) {
    if (!Number.isInteger(quantity) || quantity === this.quantity) return;
    this.quantity = quantity;
    void this.refreshQuote();
  }

  payNow() {
    if (this.canPay) this.step = 'payment';
  }

  back() {
    this.step = 'details';
    this.error = null;
  }

  /** Confirm: places the order, once, whatever is clicked twice. */
  async confirm(): Promise<OrderDetail | null> {
    if (!this.canConfirm) return null;
    this.submitting = true;
    this.error = null;
    try {
      const order = await this.#place(this.request);
      this.placed = order;
      return order;
    } catch (error) {
      const failure = asFailure(error);
      this.error = failure;
      // A declined payment cancelled the order this key made: another try is a new checkout.
      if (
        failure.code === 'payment_declined' ||
        failure.code === 'insufficient_balance' ||
        failure.code === 'conflict'
      ) {
        this.#key = this.#newKey();
      }
      return null;
    } finally {
      this.submitting = false;
    }
  }

  async refreshQuote(): Promise<void> {
    const generation = ++this.#quoteGeneration;
    try {
      const quote = await this.#quote({ ...this.configuration, quantity: this.quantity });
      if (generation !== this.#quoteGeneration) return;
      this.quote = quote;
      this.quoteError = null;
    } catch (error) {
      if (generation !== this.#quoteGeneration) return;
      this.quoteError = asFailure(error);
    }
  }
}
