/**
 * The buyer's request for a negotiated unsubscription of one order (R-UNS-3): the refund agreed
 * with the seller, a reason, whether to share contact information, and two confirmations.
 *
 * Submit checks the form and shows a summary; only "Confirm unsubscription" on that summary
 * sends it. The form carries one operation id, made when it opens and sent with every attempt,
 * so that a retry after a lost answer is the same request, which the core applies once.
 */
import { newOperationId, requestUnsubscription, type Unsubscribable } from '../api';
import { asFailure } from '../util/resource.svelte';
import { sentence } from '../util/text';
import { amountError, combinedReason, reasonError } from './format';

export type RequestStage = 'editing' | 'confirming';

export class UnsubscriptionForm {
  readonly orderId: number;
  /** The most that can be asked for: what was paid. */
  readonly maxAmount: string;
  readonly operationId: string;

  amount = $state('');
  /** One of `REASONS`, or '' before one is chosen. */
  reason = $state('');
  details = $state('');
  shareContact = $state(false);
  stage = $state<RequestStage>('editing');
  /** Set by the first Submit: the checks show from then on. */
  tried = $state(false);
  sending = $state(false);
  error = $state<string | null>(null);

  constructor(orderId: number, maxAmount: string) {
    this.orderId = orderId;
    this.maxAmount = maxAmount;
    this.operationId = newOperationId();
  }

  get amountError(): string | null {
    return amountError(this.amount, this.maxAmount);
  }

  get reasonError(): string | null {
    return reasonError(this.reason, this.details);
  }

  /** The reason as it is sent. */
  get reasonText(): string {
    return combinedReason(this.reason, this.details);
  }

  /** The first confirmation: shows the summary when the form is complete. */
  submit(): boolean {
    this.tried = true;
    this.error = null;
    if (this.amountError !== null || this.reasonError !== null) return false;
    this.stage = 'confirming';
    return true;
  }

  /** Back from the summary to the form, keeping what was typed. */
  edit() {
    if (this.sending) return;
    this.stage = 'editing';
    this.error = null;
  }

  /** The second confirmation: sends the request; resolves to the order as it now stands. */
  async confirm(): Promise<Unsubscribable | null> {
    if (this.stage !== 'confirming' || this.sending) return null;
    if (this.amountError !== null || this.reasonError !== null) return null;
    this.sending = true;
    this.error = null;
    try {
      return await requestUnsubscription(
        this.orderId,
        this.operationId,
        this.amount.trim(),
        this.reasonText,
        this.shareContact,
      );
    } catch (error) {
      this.error = sentence(asFailure(error).message);
      return null;
    } finally {
      this.sending = false;
    }
  }
}
