/**
 * Automatic renewal of a subscription (R-REN-3, R-REN-5): on or off, a month or a year at a
 * time, and an optional date for the next charge. Save sends the choice and answers with the
 * subscription as it now stands; switched on within the 7 days before expiry, the core has
 * charged at once, and the renewal it made is picked out of the answer to be shown.
 */
import {
  setAutoRenew,
  type ApiFailure,
  type AutoRenewChoice,
  type BillingPeriod,
  type Renewal,
  type Subscription,
  type SubscriptionDetail,
} from '../api';
import { asFailure } from '../util/resource.svelte';

export interface AutoRenewResult {
  detail: SubscriptionDetail;
  /** The automatic renewal Save charged at once (paid or failed), if it did. */
  charged: Renewal | null;
}

export class AutoRenewForm {
  readonly subscriptionId: number;

  enabled = $state(false);
  period = $state<BillingPeriod>('month');
  /** YYYY-MM-DD in the buyer's time zone, or '' for seven days before expiry. */
  date = $state('');
  saving = $state(false);
  error = $state.raw<ApiFailure | null>(null);
  saved = $state.raw<AutoRenewResult | null>(null);

  readonly #save: (id: number, choice: AutoRenewChoice) => Promise<SubscriptionDetail>;

  constructor(
    subscription: Subscription,
    save: (id: number, choice: AutoRenewChoice) => Promise<SubscriptionDetail> = setAutoRenew,
  ) {
    this.subscriptionId = subscription.id;
    this.enabled = subscription.auto_renew;
    const period = subscription.auto_renew_period ?? subscription.period;
    this.period = period === 'year' ? 'year' : 'month';
    this.date = subscription.auto_renew_date ?? '';
    this.#save = save;
  }

  /** The choice as it is sent: period and date only while it is switched on. */
  get choice(): AutoRenewChoice {
    const date = this.date.trim();
    return {
      enabled: this.enabled,
      period: this.enabled ? this.period : null,
      date: this.enabled && date !== '' ? date : null,
    };
  }

  /** Save: sends the choice; `before` are the renewals on screen, to find one charged now. */
  async save(before: Renewal[]): Promise<AutoRenewResult | null> {
    if (this.saving) return null;
    this.saving = true;
    this.error = null;
    this.saved = null;
    try {
      const detail = await this.#save(this.subscriptionId, this.choice);
      const known = before.map((r) => r.id);
      const charged =
        detail.renewals.find((r) => r.kind === 'auto' && !known.includes(r.id)) ?? null;
      this.saved = { detail, charged };
      return this.saved;
    } catch (error) {
      this.error = asFailure(error);
      return null;
    } finally {
      this.saving = false;
    }
  }
}
