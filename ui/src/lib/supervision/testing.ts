/**
 * Service flows and messages for tests: a license flow waiting on the seller, a SaaS flow
 * waiting for the buyer's request, their pages for each role, and a stand-in for the
 * supervision and message commands that answers like the shell (data, or a rejected
 * `ApiError`). Used by tests only.
 */
import type {
  Action,
  ApiError,
  FlowDetail,
  FlowQuery,
  FlowSummary,
  Inbox,
  Message,
  MessagesQuery,
  OperationRecord,
  StepAvailability,
} from '../api';
import { pageOf } from '../testing/page';

export const licenseFlow: FlowSummary = {
  order_id: 7,
  product_id: 'vaultkeeper-backup',
  product_name: 'VaultKeeper Backup Server',
  delivery: 'license',
  buyer_name: 'Acme Retail (prepaid)',
  seller_name: 'VaultKeeper Ltd.',
  state: 'seller_deploying',
  step: 'Seller deploys service',
  waiting_on: 'seller',
  next: 'The seller deploys the service and delivers',
  due_at: '2026-03-06T10:01:00Z',
  due_label: 'Appeal possible from',
  order_status: 'processing',
  amount: '348.00',
  paid_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-01T10:00:00Z',
  appeal_opened_at: null,
  appellant: null,
  appellant_party: null,
};

export const saasFlow: FlowSummary = {
  order_id: 8,
  product_id: 'orbit-crm',
  product_name: 'Orbit CRM',
  delivery: 'saas',
  buyer_name: 'Acme Retail (prepaid)',
  seller_name: 'Orbit Software',
  state: 'awaiting_request',
  step: 'Submit request',
  waiting_on: 'buyer',
  next: 'The buyer submits a request',
  due_at: null,
  due_label: null,
  order_status: 'processing',
  amount: '600.00',
  paid_at: '2026-03-02T09:00:00Z',
  updated_at: '2026-03-02T09:00:00Z',
  appeal_opened_at: null,
  appellant: null,
  appellant_party: null,
};

const GENESIS = '0'.repeat(64);

/** The record a license flow starts with. */
export const startRecord: OperationRecord = {
  id: 'op-start-7',
  order_id: 7,
  position: 1,
  actor_role: 'system',
  actor_id: 'system',
  actor_name: 'KooGallery',
  action: 'start',
  title: 'Paid: the seller deploys the service',
  remark: null,
  details: {},
  state_before: 'seller_deploying',
  state_after: 'seller_deploying',
  at: '2026-03-01T10:00:00Z',
  attachments: [],
  prev_hash: GENESIS,
  hash: 'a1'.repeat(32),
};

/** The seller's delivery, with its proof. */
export const deliveryRecord: OperationRecord = {
  id: 'op-deliver-7',
  order_id: 7,
  position: 2,
  actor_role: 'seller',
  actor_id: 'vaultkeeper',
  actor_name: 'VaultKeeper Ltd.',
  action: 'deliver',
  title: 'Delivered',
  remark: 'License key sent by email.',
  details: { enabled_at: '2026-03-02T08:30:00Z' },
  state_before: 'seller_deploying',
  state_after: 'awaiting_acceptance',
  at: '2026-03-02T09:00:00Z',
  attachments: [
    {
      position: 1,
      name: 'statement-of-work.pdf',
      mime: 'application/pdf',
      size: 49_152,
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
    {
      position: 2,
      name: 'license-valid.png',
      mime: 'image/png',
      size: 1_200,
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    },
  ],
  prev_hash: 'a1'.repeat(32),
  hash: 'b2'.repeat(32),
};

const possible = (step: StepAvailability['step']): StepAvailability => ({
  step,
  possible: true,
  reason: null,
  code: null,
});

const refused = (
  step: StepAvailability['step'],
  code: NonNullable<StepAvailability['code']>,
  reason: string,
): StepAvailability => ({ step, possible: false, reason, code });

/** A page of a flow; `steps` are the buyer's while the license waits on the seller. */
export function flowDetail(overrides: Partial<FlowDetail> = {}): FlowDetail {
  return {
    summary: licenseFlow,
    request_template: null,
    records: [startRecord],
    steps: [
      possible('remind'),
      refused(
        'accept_delivery',
        'not_your_turn',
        'the flow is at "Seller deploys service"; you can accept the delivery only after the seller has delivered',
      ),
      refused(
        'reject_delivery',
        'not_your_turn',
        'the flow is at "Seller deploys service"; you can reject the delivery only after the seller has delivered',
      ),
      refused(
        'appeal',
        'appeal_not_allowed_yet',
        'you can appeal when the seller has been silent for more than 5 days (from 2026-03-06T10:01:00+00:00 if it stays silent), or after 3 rejections',
      ),
      possible('request_unsubscription'),
    ],
    accept_confirmation:
      'Has the service been completely provisioned? After you accept, the order is completed in 3 hours. The service cannot be unsubscribed from after provision completion.',
    request_rejections: 0,
    delivery_rejections: 0,
    appeal_possible_from: '2026-03-06T10:01:00Z',
    accepted_at: null,
    completes_at: null,
    enabled_at: null,
    valid_from: null,
    valid_until: null,
    unsubscriptions: [],
    chain: {
      order_id: 7,
      records: 1,
      files: 0,
      intact: true,
      problems: [],
      head: 'a1'.repeat(32),
    },
    seller_email: 'support@vaultkeeper.example',
    seller_phone: '+1 555 0100',
    ...overrides,
  };
}

/** The license flow after delivery, as its buyer sees it. */
export function deliveredForBuyer(): FlowDetail {
  return flowDetail({
    summary: {
      ...licenseFlow,
      state: 'awaiting_acceptance',
      step: 'Customer accepts product',
      waiting_on: 'buyer',
      next: 'The buyer accepts or rejects the delivery',
      due_at: null,
      due_label: null,
    },
    records: [startRecord, deliveryRecord],
    steps: [
      refused(
        'remind',
        'not_your_turn',
        'the flow is at "Customer accepts product"; you can remind the seller only while the flow waits on the seller',
      ),
      possible('accept_delivery'),
      possible('reject_delivery'),
      refused(
        'appeal',
        'appeal_not_allowed_yet',
        'you can appeal after the seller has rejected your request 3 times (0 so far), has rejected nothing but stays silent for more than 5 days, or after you have rejected its delivery 3 times (0 so far)',
      ),
      possible('request_unsubscription'),
    ],
    appeal_possible_from: null,
    enabled_at: '2026-03-02T08:30:00Z',
    chain: {
      order_id: 7,
      records: 2,
      files: 2,
      intact: true,
      problems: [],
      head: 'b2'.repeat(32),
    },
  });
}

/** The license flow waiting on its seller, as the seller sees it. */
export function deployingForSeller(summary: FlowSummary = licenseFlow): FlowDetail {
  return flowDetail({
    summary,
    steps: [possible('deliver'), possible('appeal')],
    appeal_possible_from: summary.waiting_on === 'seller' ? '2026-03-06T10:01:00Z' : null,
  });
}

/** A flow frozen by the buyer's appeal, as the operations manager sees it. */
export function frozenForOperations(): FlowDetail {
  return flowDetail({
    summary: {
      ...licenseFlow,
      state: 'frozen',
      step: 'Frozen by an appeal',
      waiting_on: 'operations_manager',
      next: 'The operations manager settles the appeal',
      due_at: null,
      due_label: null,
      appeal_opened_at: '2026-03-07T11:00:00Z',
      appellant: 'Acme Retail (prepaid)',
      appellant_party: 'buyer',
    },
    steps: [possible('settle_for_buyer'), possible('settle_resume'), possible('settle_complete')],
    appeal_possible_from: null,
  });
}

export const messages: Message[] = [
  {
    id: 3,
    kind: 'delivered',
    order_id: 7,
    title: 'VaultKeeper Ltd. delivered VaultKeeper Backup Server',
    body: 'Check the delivery and accept it, or reject it with a reason.',
    created_at: '2026-03-02T09:00:00Z',
    read: false,
    link: { to: 'flow', order_id: 7 },
  },
  {
    id: 2,
    kind: 'request_rejected',
    order_id: 8,
    title: 'Orbit Software asked for changes to your request',
    body: 'Please give the number of users to create.',
    created_at: '2026-03-02T08:00:00Z',
    read: false,
    link: { to: 'flow', order_id: 8 },
  },
  {
    id: 1,
    kind: 'welcome',
    order_id: null,
    title: 'Welcome to KooGallery',
    body: 'Messages about your orders appear here.',
    created_at: '2026-03-01T08:00:00Z',
    read: true,
    link: null,
  },
];

export interface FakeSupervision {
  flows?: FlowSummary[];
  /** The page of each flow, by order. */
  pages?: Record<number, FlowDetail>;
  /** What an action answers: the flow as it then stands, or a refusal. */
  act?: (orderId: number, action: Action, operationId: string) => FlowDetail;
  inbox?: Message[];
}

const notFoundFlow = (id: unknown): ApiError => ({
  code: 'not_found',
  message: `a service flow for order ${String(id)} was not found`,
});

/** A stand-in for the supervision and message commands. */
export function fakeSupervision(options: FakeSupervision = {}) {
  const flows = options.flows ?? [licenseFlow, saasFlow];
  const pages: Record<number, FlowDetail> = { ...options.pages };
  let inbox = (options.inbox ?? messages).map((m) => ({ ...m }));
  const unread = () => inbox.filter((m) => !m.read).length;
  /** The page `query` asks for, as the core answers it (a bad limit refused alike). */
  const box = (query: MessagesQuery | undefined): Inbox => {
    const rows = query?.unread_only === true ? inbox.filter((m) => !m.read) : inbox;
    const { items, ...page } = pageOf(rows, {
      offset: query?.offset ?? 0,
      limit: query?.limit ?? 20,
    });
    return { unread: unread(), ...page, messages: items };
  };
  return (command: string, args?: unknown): unknown => {
    const payload = (args ?? {}) as Record<string, unknown>;
    switch (command) {
      case 'supervision_list': {
        const query = payload.query as FlowQuery;
        return flows.filter(
          (f) =>
            (query.order_id == null || f.order_id === query.order_id) &&
            (query.state == null || f.state === query.state) &&
            (query.product == null ||
              f.product_name.toLowerCase().includes(query.product.toLowerCase())),
        );
      }
      case 'supervision_show': {
        const page = pages[Number(payload.orderId)];
        if (page === undefined) throw notFoundFlow(payload.orderId);
        return page;
      }
      case 'supervision_act': {
        const orderId = Number(payload.orderId);
        if (options.act === undefined) throw notFoundFlow(orderId);
        const page = options.act(orderId, payload.action as Action, String(payload.operationId));
        pages[orderId] = page;
        return page;
      }
      case 'supervision_verify':
        return (pages[Number(payload.orderId)] ?? flowDetail()).chain;
      case 'supervision_export':
        return `/home/dana/Downloads/case-order-${String(payload.orderId)}`;
      case 'supervision_attachment_save':
        return `/home/dana/Downloads/attachment-${String(payload.position)}`;
      case 'messages_list':
        return box(payload.query as MessagesQuery | undefined);
      case 'messages_unread':
        return unread();
      case 'messages_read': {
        const ids = payload.ids as number[];
        const query = payload.query as MessagesQuery | undefined;
        // Checked before anything is marked, as the core refuses the whole request.
        box(query);
        const unknown = ids.find((id) => !inbox.some((m) => m.id === id));
        if (unknown !== undefined) {
          throw {
            code: 'not_found',
            message: `message ${unknown} was not found`,
          } satisfies ApiError;
        }
        inbox = inbox.map((m) =>
          ids.length === 0 || ids.includes(m.id) ? { ...m, read: true } : m,
        );
        return box(query);
      }
      default:
        throw { code: 'internal', message: `Unknown command ${command}` } satisfies ApiError;
    }
  };
}
