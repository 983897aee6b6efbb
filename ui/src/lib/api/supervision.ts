/** Service supervision: flows and their actions, appeals, unsubscriptions and messages. */
import { commands } from './bindings';
import type {
  Action,
  ChainReport,
  FlowDetail,
  FlowQuery,
  FlowSummary,
  Inbox,
  MessagesQuery,
  Page,
  PageRequest,
  StandardRefund,
  Unsubscribable,
  UnsubscriptionRequest,
  Upload,
} from './bindings';
import { unwrap } from './call';

/** Service Supervision: the flows whom the app acts as may see, matching the criteria. */
export function loadFlows(query: Partial<FlowQuery> = {}): Promise<FlowSummary[]> {
  const full: FlowQuery = {
    order_id: query.order_id ?? null,
    product: query.product ?? null,
    state: query.state ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
  };
  return unwrap(() => commands.supervisionList(full));
}

/** One flow's page: timeline, files, and the actions of whom the app acts as. */
export function loadFlow(orderId: number): Promise<FlowDetail> {
  return unwrap(() => commands.supervisionShow(orderId));
}

/** A new operation id: one per action a person submits, reused if the same submit is retried. */
export function newOperationId(): string {
  return `op-${crypto.randomUUID()}`;
}

/**
 * Applies an action to a flow as whom the app acts as. The same `operationId` again changes
 * nothing and answers as the first time, so a double click cannot act twice.
 */
export function actOnFlow(
  orderId: number,
  operationId: string,
  action: Action,
): Promise<FlowDetail> {
  return unwrap(() => commands.supervisionAct(orderId, operationId, action));
}

/** Seller Console: flows waiting on the seller, the longest silent first. */
export function loadSellerQueue(): Promise<FlowSummary[]> {
  return unwrap(() => commands.supervisionQueue());
}

/** Operations > Appeals: every open appeal, the oldest first. */
export function loadAppeals(): Promise<FlowSummary[]> {
  return unwrap(() => commands.appealsList());
}

/** Walks the flow's chain of records and re-hashes its files. */
export function verifyFlow(orderId: number): Promise<ChainReport> {
  return unwrap(() => commands.supervisionVerify(orderId));
}

/** Writes the flow's case file into the Downloads folder; resolves to its path. */
export function exportCaseFile(orderId: number): Promise<string> {
  return unwrap(() => commands.supervisionExport(orderId));
}

/** Saves one attached file into the Downloads folder; resolves to its path. */
export function saveAttachment(operationId: string, position: number): Promise<string> {
  return unwrap(() => commands.supervisionAttachmentSave(operationId, position));
}

/**
 * My KooGallery > Unsubscriptions: the paid orders, newest first, a page at a time, each with
 * whether it can be unsubscribed and why not.
 */
export function loadUnsubscribable(page: PageRequest): Promise<Page<Unsubscribable>> {
  return unwrap(() => commands.unsubscriptionsList(page));
}

export function quoteUnsubscription(orderId: number): Promise<Unsubscribable> {
  return unwrap(() => commands.unsubscribeQuote(orderId));
}

/** Asks for a negotiated unsubscription (R-UNS-3). */
export function requestUnsubscription(
  orderId: number,
  operationId: string,
  amount: string,
  reason: string,
  shareContact: boolean,
): Promise<Unsubscribable> {
  return unwrap(() =>
    commands.unsubscribeRequest(orderId, operationId, amount, reason, shareContact),
  );
}

/**
 * The refund of unsubscribing a yearly/monthly image by the standard rules now (R-UNS-2), line by
 * line with each line's arithmetic; for one already unsubscribed, the refund it made.
 */
export function quoteStandardUnsubscription(orderId: number): Promise<StandardRefund> {
  return unwrap(() => commands.unsubscribeStandardQuote(orderId));
}

/**
 * Unsubscribes a yearly/monthly image by the standard rules: refunded, cancelled and its
 * resources released at once. `expectedRefund` is the refund the buyer confirmed: a refund that
 * changed since (an hour passed) throws a conflict. A repeat answers with the first refund.
 */
export function unsubscribeStandard(
  orderId: number,
  expectedRefund: string | null,
): Promise<StandardRefund> {
  return unwrap(() => commands.unsubscribeStandard(orderId, expectedRefund));
}

/** Seller Console > Orders > Unsubscriptions. */
export function loadUnsubscriptionsReceived(): Promise<UnsubscriptionRequest[]> {
  return unwrap(() => commands.unsubscriptionsReceived());
}

/** The seller approves or rejects a request, with comments and its records of the talks. */
export function reviewUnsubscription(
  requestId: number,
  operationId: string,
  approve: boolean,
  comment: string,
  records: Upload[],
): Promise<UnsubscriptionRequest[]> {
  return unwrap(() =>
    commands.unsubscribeReview(requestId, operationId, approve, comment, records),
  );
}

/**
 * A page of the messages of whom the app acts as (every one, or the unread only), the newest
 * first, with the role's unread count. Throws `invalid_input` for a limit outside 1 to 100.
 */
export function loadMessages(query: MessagesQuery): Promise<Inbox> {
  return unwrap(() => commands.messagesList(query));
}

export function unreadMessages(): Promise<number> {
  return unwrap(() => commands.messagesUnread());
}

/**
 * Marks the messages named read, or every one of the role's when none are named (not only a
 * page's), and answers the page `query` asks for as it stands afterwards. Throws `not_found`
 * for a message that is not the role's.
 */
export function markMessagesRead(ids: number[], query: MessagesQuery): Promise<Inbox> {
  return unwrap(() => commands.messagesRead(ids, query));
}
