/**
 * The seller's review of one unsubscription request (R-UNS-3): review comments, the records of
 * its talks with the buyer (files, optional), then Approve or Reject.
 *
 * Reviewing twice must be impossible whatever is clicked twice. The form carries one operation
 * id, made when it opens, and sends it with every attempt: a retry after a lost answer is the
 * same operation, which the core applies once (and refuses if it is not the same decision).
 * What the core answers, the list of requests as it now stands, replaces the one on screen.
 */
import { newOperationId, reviewUnsubscription, type UnsubscriptionRequest } from '../api';
import { toUploads } from '../supervision/files';
import { asFailure } from '../util/resource.svelte';
import { sentence } from '../util/text';

export type Decision = 'approve' | 'reject';

export class UnsubscriptionReview {
  readonly requestId: number;
  readonly operationId: string;

  comment = $state('');
  files = $state.raw<File[]>([]);
  /** The decision being sent, while it is. */
  sending = $state<Decision | null>(null);
  /** Set once a decision was asked for: the comment's check shows from then on. */
  tried = $state(false);
  error = $state<string | null>(null);

  constructor(requestId: number) {
    this.requestId = requestId;
    this.operationId = newOperationId();
  }

  /** The buyer reads the comment with the decision: it cannot be left out. */
  get commentError(): string | null {
    return this.comment.trim() === ''
      ? 'Write a review comment: the buyer reads it with your decision.'
      : null;
  }

  /** Sends the decision; resolves to the requests as they now stand, or null when it was not. */
  async submit(decision: Decision): Promise<UnsubscriptionRequest[] | null> {
    if (this.sending !== null) return null;
    this.tried = true;
    this.error = null;
    if (this.commentError !== null) return null;
    this.sending = decision;
    try {
      const records = await toUploads(this.files);
      return await reviewUnsubscription(
        this.requestId,
        this.operationId,
        decision === 'approve',
        this.comment,
        records,
      );
    } catch (error) {
      this.error = sentence(asFailure(error).message);
      return null;
    } finally {
      this.sending = null;
    }
  }
}
