/**
 * Upgrade Specification (R-UP-1 to R-UP-5): a higher edition and/or more users for the rest of
 * the term, effective on payment. The core quotes the fee line by line (each line names its
 * rule and shows its arithmetic); nothing here computes money.
 *
 * Like a renewal, paying twice must be impossible: the form carries one idempotency key per
 * submission, sent again on a retry after a failure or a lost answer, and replaced only once an
 * upgrade was paid or when the core says the key already paid another one.
 */
import {
  payUpgrade,
  quoteUpgrade,
  type ApiFailure,
  type BillingPeriod,
  type Edition,
  type Upgrade,
  type UpgradeQuote,
  type UpgradeRequest,
} from '../api';
import { asFailure } from '../util/resource.svelte';

export interface UpgradeOptions {
  quote?: (id: number, edition: string | null, users: number | null) => Promise<UpgradeQuote>;
  pay?: (request: UpgradeRequest) => Promise<Upgrade>;
  newKey?: () => string;
}

/** A fresh idempotency key for one upgrade: 128 random bits. */
export function newUpgradeKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `upgrade-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The editions after `current` in the product's order: the only ones an upgrade may choose. */
export function higherEditions(editions: Edition[], current: string): Edition[] {
  const index = editions.findIndex((edition) => edition.code === current);
  return index < 0 ? [] : editions.slice(index + 1);
}

/** Whether `edition` is priced per user for the subscription's period. */
export function perUser(edition: Edition | undefined, period: BillingPeriod): boolean {
  if (edition === undefined) return false;
  const plan = edition.plans.find((p) => p.period === period) ?? edition.plans[0];
  return plan !== undefined && plan.pricing !== 'flat';
}

/** What a quote or a payment asks for: `null` keeps the edition or the users. */
interface Choice {
  edition: string | null;
  users: number | null;
}

export class UpgradeForm {
  readonly subscriptionId: number;

  /** The specification as it stands (moved on by each upgrade paid). */
  currentEdition = $state('');
  currentUsers = $state<number | null>(null);
  /** The choice on screen. */
  edition = $state('');
  users = $state<number | null>(null);
  quote = $state.raw<UpgradeQuote | null>(null);
  quotedFor = $state.raw<Choice | null>(null);
  quoteError = $state.raw<ApiFailure | null>(null);
  paying = $state(false);
  error = $state.raw<ApiFailure | null>(null);
  /** The upgrade the last Pay made. */
  done = $state.raw<Upgrade | null>(null);

  readonly #quote: (
    id: number,
    edition: string | null,
    users: number | null,
  ) => Promise<UpgradeQuote>;
  readonly #pay: (request: UpgradeRequest) => Promise<Upgrade>;
  readonly #newKey: () => string;
  #key: string;
  #quoteGeneration = 0;

  constructor(
    subscriptionId: number,
    edition: string,
    users: number | null,
    options: UpgradeOptions = {},
  ) {
    this.subscriptionId = subscriptionId;
    this.currentEdition = edition;
    this.currentUsers = users;
    this.edition = edition;
    this.users = users;
    this.#quote = options.quote ?? quoteUpgrade;
    this.#pay = options.pay ?? payUpgrade;
    this.#newKey = options.newKey ?? newUpgradeKey;
    this.#key = this.#newKey();
  }

  /** The key Pay sends; the same until an upgrade is paid with it. */
  get idempotencyKey(): string {
    return this.#key;
  }

  /** What the choice on screen asks the core for. */
  get choice(): Choice {
    return {
      edition: this.edition !== this.currentEdition ? this.edition : null,
      users: this.users !== null && this.users !== this.currentUsers ? this.users : null,
    };
  }

  /** Something other than the current specification is chosen. */
  get changed(): boolean {
    const { edition, users } = this.choice;
    return edition !== null || users !== null;
  }

  /** The quote on screen is for the choice on screen. */
  get quoteCurrent(): boolean {
    const { edition, users } = this.choice;
    return (
      this.quote !== null &&
      this.quotedFor !== null &&
      this.quotedFor.edition === edition &&
      this.quotedFor.users === users
    );
  }

  get canPay(): boolean {
    return !this.paying && this.changed && this.quoteCurrent && this.quoteError === null;
  }

  setEdition(edition: string) {
    if (edition === this.edition) return;
    this.edition = edition;
    this.done = null;
    void this.refreshQuote();
  }

  setUsers(users: number | null) {
    if (users !== null && (!Number.isInteger(users) || users < 1)) users = null;
    if (users === this.users) return;
    this.users = users;
    this.done = null;
    void this.refreshQuote();
  }

  /** Asks the core for the fee of the current choice; the latest answer wins. */
  async refreshQuote(): Promise<void> {
    const generation = ++this.#quoteGeneration;
    const choice = this.choice;
    this.quoteError = null;
    this.error = null;
    if (choice.edition === null && choice.users === null) {
      this.quote = null;
      this.quotedFor = null;
      return;
    }
    try {
      const quote = await this.#quote(this.subscriptionId, choice.edition, choice.users);
      if (generation !== this.#quoteGeneration) return;
      this.quote = quote;
      this.quotedFor = choice;
    } catch (error) {
      if (generation !== this.#quoteGeneration) return;
      this.quote = null;
      this.quotedFor = null;
      this.quoteError = asFailure(error);
    }
  }

  /** Pay upgrade: pays once for the quoted choice, whatever is clicked twice. */
  async pay(): Promise<Upgrade | null> {
    if (!this.canPay) return null;
    const { edition, users } = this.choice;
    this.paying = true;
    this.error = null;
    this.done = null;
    try {
      const upgrade = await this.#pay({
        subscription_id: this.subscriptionId,
        edition,
        users,
        idempotency_key: this.#key,
      });
      this.done = upgrade;
      // The new specification is in effect; the next upgrade starts from it.
      this.currentEdition = upgrade.edition_to;
      this.currentUsers = upgrade.users_to;
      this.edition = upgrade.edition_to;
      this.users = upgrade.users_to;
      this.quote = null;
      this.quotedFor = null;
      this.#key = this.#newKey();
      return upgrade;
    } catch (error) {
      const failure = asFailure(error);
      this.error = failure;
      // The key already paid another upgrade: trying again is a new one.
      if (failure.code === 'conflict') this.#key = this.#newKey();
      return null;
    } finally {
      this.paying = false;
    }
  }
}
