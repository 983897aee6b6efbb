/**
 * Unsubscription requests and orders as the core lists them, for the tests of My KooGallery >
 * Unsubscriptions and the Seller Console's reviews, with stand-ins for the commands that
 * answer like the core: a request becomes pending, a review approves or rejects it.
 */
import type { ApiError, PageRequest, Unsubscribable, UnsubscriptionRequest } from '../api';
import { pageOf } from '../testing/page';

/** Acme's pending request on order 7: $300 of the $600 paid, contact shared. */
export const pendingRequest: UnsubscriptionRequest = {
  id: 4,
  order_id: 7,
  product_name: 'Orbit CRM',
  buyer_name: 'Acme Retail (prepaid)',
  seller_name: 'Orbit Software',
  amount: '300.00',
  paid: '600.00',
  reason: 'Service not delivered as agreed: the SSO never worked',
  contact: { email: 'dana@acme.example', mobile: '+65 8123 4567' },
  status: 'pending',
  requested_at: '2026-03-09T10:00:00Z',
  review_comment: null,
  reviewed_at: null,
  records: [],
  refund_due_at: null,
  refunded_at: null,
  review_operation: null,
};

/** A request the seller rejected earlier, with its records of the talks. */
export const rejectedRequest: UnsubscriptionRequest = {
  ...pendingRequest,
  id: 2,
  order_id: 5,
  product_name: 'Vault Backup License',
  amount: '1200.00',
  paid: '1200.00',
  reason: 'No longer needed',
  contact: null,
  status: 'rejected',
  requested_at: '2026-03-02T08:00:00Z',
  review_comment: 'The license was delivered and used for two weeks.',
  reviewed_at: '2026-03-03T08:00:00Z',
  records: [
    {
      position: 1,
      name: 'call-notes.pdf',
      mime: 'application/pdf',
      size: 52_000,
      sha256: 'ab'.repeat(32),
    },
  ],
};

/** A refunded request. */
export const refundedRequest: UnsubscriptionRequest = {
  ...pendingRequest,
  id: 1,
  order_id: 6,
  status: 'refunded',
  amount: '100.00',
  review_comment: 'Agreed on the phone.',
  reviewed_at: '2026-03-01T10:00:00Z',
  refund_due_at: '2026-03-01T13:00:00Z',
  refunded_at: '2026-03-01T13:00:00Z',
  review_operation: 'op-review-2',
};

/** A supervised SaaS order within its guarantee period: it can be unsubscribed. */
export const negotiable: Unsubscribable = {
  order_id: 7,
  product_name: 'Orbit CRM',
  delivery: 'saas',
  billing: 'yearly_monthly',
  order_status: 'processing',
  rule: 'negotiated',
  possible: true,
  note: 'Within the transaction guarantee period: ask for the refund you agreed with the seller.',
  max_amount: '600.00',
  reference_only: false,
  requests: [],
};

export const payPerUseImage: Unsubscribable = {
  ...negotiable,
  order_id: 11,
  product_name: 'MySQL 8 on Ubuntu',
  delivery: 'image',
  billing: 'pay_per_use',
  order_status: 'paid',
  rule: 'not_supported',
  possible: false,
  note: 'Pay-per-use cannot be unsubscribed: delete the ECS instance in the ECS Console to stop billing.',
  max_amount: '0.00',
};

export const completed: Unsubscribable = {
  ...negotiable,
  order_id: 5,
  product_name: 'Vault Backup License',
  delivery: 'license',
  order_status: 'completed',
  possible: false,
  note: 'The transaction guarantee period ended when service supervision completed.',
  max_amount: '1200.00',
  requests: [rejectedRequest],
};

export const underAppeal: Unsubscribable = {
  ...negotiable,
  order_id: 3,
  product_name: 'Data Migration Service',
  delivery: 'professional_service',
  possible: false,
  note: 'An appeal is open: no unsubscription until it is settled.',
};

/**
 * A stand-in for the buyer's unsubscription commands: the list, and a request that becomes
 * pending (refused above what was paid, or while one is pending, like the core).
 */
export function fakeUnsubscriptions(start: Unsubscribable[]) {
  let orders = start;
  let nextId = 20;
  return (command: string, args: Record<string, unknown>): unknown => {
    switch (command) {
      case 'unsubscriptions_list':
        return pageOf(orders, args.page as PageRequest | undefined);
      case 'unsubscribe_request': {
        const order = orders.find((o) => o.order_id === args.orderId);
        if (order === undefined) {
          throw { code: 'not_found', message: 'order not found' } satisfies ApiError;
        }
        const request: UnsubscriptionRequest = {
          ...pendingRequest,
          id: nextId++,
          order_id: order.order_id,
          product_name: order.product_name,
          amount: String(args.amount),
          paid: order.max_amount,
          reason: String(args.reason),
          contact: args.shareContact === true ? pendingRequest.contact : null,
        };
        const updated: Unsubscribable = {
          ...order,
          possible: false,
          note: `Request ${request.id} waits for the seller's review.`,
          requests: [request, ...order.requests],
        };
        orders = orders.map((o) => (o.order_id === order.order_id ? updated : o));
        return updated;
      }
      default:
        throw { code: 'internal', message: `Unknown command ${command}` } satisfies ApiError;
    }
  };
}

/** A stand-in for the seller's: the requests received, and a review that decides one. */
export function fakeReviews(start: UnsubscriptionRequest[]) {
  let requests = start;
  return (command: string, args: Record<string, unknown>): unknown => {
    switch (command) {
      case 'unsubscriptions_received':
        return requests;
      case 'unsubscribe_review': {
        const approve = args.approve === true;
        const records = (args.records as { name: string }[]).map((file, index) => ({
          position: index + 1,
          name: file.name,
          mime: 'application/octet-stream',
          size: 3,
          sha256: '00'.repeat(32),
        }));
        requests = requests.map((r) =>
          r.id === args.requestId
            ? {
                ...r,
                status: approve ? 'approved' : 'rejected',
                review_comment: String(args.comment).trim(),
                reviewed_at: '2026-03-10T12:00:00Z',
                refund_due_at: approve ? '2026-03-10T15:00:00Z' : null,
                records,
              }
            : r,
        );
        return requests;
      }
      default:
        throw { code: 'internal', message: `Unknown command ${command}` } satisfies ApiError;
    }
  };
}
