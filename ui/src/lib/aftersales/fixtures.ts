/**
 * Invoices and service tickets as the core lists them, for the tests of Billing Center >
 * Invoices, the ticket pages and Operations > Invoices & Tickets, with a stand-in for their
 * commands that answers like the core: a request is submitted, an issue gives the number, a
 * reissue supersedes, a ticket opens, is answered and closed. Times are UTC.
 */
import type {
  ApiError,
  Invoice,
  InvoiceCorrection,
  InvoiceLine,
  InvoiceRequest,
  InvoiceableOrder,
  PageRequest,
  Ticket,
  TicketForm,
  Upload,
} from '../api';
import { crmOrder } from '../testing/fixtures';
import { pageOf } from '../testing/page';

/** The buyer's orders, for the ticket form's related order. */
export const buyerOrders = [
  { ...crmOrder, id: 7 },
  { ...crmOrder, id: 8, product_name: 'Vault Backup License' },
];

/** An order's own payment as an invoice line. */
function paymentOf(
  order: Pick<InvoiceableOrder, 'order_id' | 'product_name' | 'description' | 'paid_at' | 'amount'>,
): InvoiceLine {
  return {
    kind: 'order',
    charge_id: order.order_id,
    order_id: order.order_id,
    product_name: order.product_name,
    description: order.description,
    paid_at: order.paid_at,
    amount: order.amount,
  };
}

const crmPaid = {
  order_id: 7,
  product_name: 'Orbit CRM',
  description: 'Standard, 1 month',
  paid_at: '2026-03-01T09:00:00Z',
  amount: '600.00',
};

export const paidOrder: InvoiceableOrder = {
  ...crmPaid,
  status: 'completed',
  charges: [paymentOf(crmPaid)],
  to_invoice: '600.00',
  invoiceable: true,
  reason: null,
  invoices: [],
};

const vaultPaid = {
  ...crmPaid,
  order_id: 8,
  product_name: 'Vault Backup License',
  description: 'Enterprise, 1 year',
  amount: '1200.00',
};

export const secondOrder: InvoiceableOrder = {
  ...paidOrder,
  ...vaultPaid,
  charges: [paymentOf(vaultPaid)],
  to_invoice: '1200.00',
};

export const resellerOrder: InvoiceableOrder = {
  ...paidOrder,
  order_id: 9,
  product_name: 'Data Migration Service',
  charges: [],
  to_invoice: '0.00',
  invoiceable: false,
  reason:
    'it was bought through a reseller, so its amount is for reference only and nothing was charged here; the reseller invoices it',
};

/**
 * `count` paid orders to invoice, the newest first, ids from `count` down to 1; order `n` was
 * charged `n` × $101.01 ("4545.45" for order 45), so that any two add up to a different total.
 */
export function paidOrders(count: number): InvoiceableOrder[] {
  return Array.from({ length: count }, (_, index) => {
    const id = count - index;
    const cents = id * 10_101;
    const paid = {
      ...crmPaid,
      order_id: id,
      product_name: `Orbit CRM ${id}`,
      paid_at: new Date(Date.UTC(2026, 0, 1) + id * 86_400_000).toISOString(),
      amount: `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    };
    return { ...paidOrder, ...paid, charges: [paymentOf(paid)], to_invoice: paid.amount };
  });
}

/** Order 6's renewal and upgrade, charged after the order was invoiced on INV-2026-000003. */
export const renewalOfOrder6: InvoiceLine = {
  kind: 'renewal',
  charge_id: 4,
  order_id: 6,
  product_name: 'Orbit CRM',
  description: 'Renewal of order 6: Orbit CRM, 1 month, to 2026-04-02',
  paid_at: '2026-03-01T03:00:00Z',
  amount: '49.50',
};

export const upgradeOfOrder6: InvoiceLine = {
  ...renewalOfOrder6,
  kind: 'upgrade',
  charge_id: 2,
  description: 'Upgrade of order 6: Standard to Professional',
  paid_at: '2026-03-05T10:00:00Z',
  amount: '120.25',
};

/** Order 6, on INV-2026-000003 for its payment, with a renewal and an upgrade to invoice. */
export const renewedOrder: InvoiceableOrder = {
  ...paidOrder,
  order_id: 6,
  amount: '49.50',
  paid_at: '2026-02-02T09:00:00Z',
  charges: [renewalOfOrder6, upgradeOfOrder6],
  to_invoice: '169.75',
  invoices: [{ id: 3, number: 'INV-2026-000003' }],
};

/** Order 6 with every charge invoiced, on two invoices. */
export const invoicedOrder: InvoiceableOrder = {
  ...renewedOrder,
  charges: [],
  to_invoice: '0.00',
  invoiceable: false,
  reason: 'it is already on INV-2026-000003 and INV-2026-000005',
  invoices: [
    { id: 3, number: 'INV-2026-000003' },
    { id: 5, number: 'INV-2026-000005' },
  ],
};

export const issuedInvoice: Invoice = {
  id: 3,
  number: 'INV-2026-000003',
  status: 'issued',
  account_id: 'acme',
  buyer_name: 'Acme Retail (prepaid)',
  title: 'Acme Retail Pte Ltd',
  tax_id: 'SG-2019-0042',
  address: '1 Harbour Road, Singapore 018989',
  email: 'billing@acme.example',
  lines: [
    paymentOf({
      order_id: 5,
      product_name: 'Vault Backup License',
      description: 'Enterprise, 1 year',
      paid_at: '2026-02-01T09:00:00Z',
      amount: '1200.00',
    }),
    paymentOf({
      order_id: 6,
      product_name: 'Orbit CRM',
      description: 'Standard, 1 month',
      paid_at: '2026-02-02T09:00:00Z',
      amount: '49.50',
    }),
  ],
  subtotal: '1249.50',
  tax: '0.00',
  total: '1249.50',
  requested_at: '2026-02-03T09:00:00Z',
  issued_at: '2026-02-04T10:00:00Z',
  reissue_of: null,
  superseded_by: null,
  superseded_at: null,
  tickets: [],
};

/** The second invoice of order 6: its renewal and upgrade, after its payment's invoice. */
export const renewalsInvoice: Invoice = {
  ...issuedInvoice,
  id: 5,
  number: 'INV-2026-000005',
  lines: [renewalOfOrder6, upgradeOfOrder6],
  subtotal: '169.75',
  total: '169.75',
  requested_at: '2026-03-06T09:00:00Z',
  issued_at: '2026-03-06T10:00:00Z',
};

export const submittedInvoice: Invoice = {
  ...issuedInvoice,
  id: 4,
  number: null,
  status: 'submitted',
  lines: [{ ...issuedInvoice.lines[0]!, order_id: 10, charge_id: 10, amount: '99.00' }],
  subtotal: '99.00',
  total: '99.00',
  issued_at: null,
};

export const openTicketOf: Ticket = {
  id: 2,
  account_id: 'acme',
  buyer_name: 'Acme Retail (prepaid)',
  category: 'seller_unreachable',
  order_id: 7,
  order_product: 'Orbit CRM',
  invoice: null,
  description: 'The seller has not answered for two weeks.',
  status: 'open',
  reply: null,
  opened_at: '2026-03-05T09:00:00Z',
  answered_at: null,
  closed_at: null,
  attachments: [
    {
      position: 1,
      name: 'emails.pdf',
      mime: 'application/pdf',
      size: 20_480,
      sha256: 'cd'.repeat(32),
    },
  ],
};

export const answeredTicket: Ticket = {
  ...openTicketOf,
  id: 1,
  category: 'credit',
  order_id: null,
  order_product: null,
  description: 'Please raise our credit limit to $5,000.',
  status: 'answered',
  reply: 'Your limit is now $5,000.',
  answered_at: '2026-03-02T09:00:00Z',
  attachments: [],
};

export interface FakeAfterSales {
  orders?: InvoiceableOrder[];
  invoices?: Invoice[];
  tickets?: Ticket[];
}

const invalid = (message: string): ApiError => ({ code: 'invalid_input', message });
const notFound = (what: string): ApiError => ({
  code: 'not_found',
  message: `${what} was not found`,
});

/** "49.50" in cents, as whole numbers, so that sums are exact. */
function cents(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function amountOf(total: number): string {
  return `${Math.trunc(total / 100)}.${String(total % 100).padStart(2, '0')}`;
}

/** A stand-in for the invoice and ticket commands. */
export function fakeAfterSales(options: FakeAfterSales = {}) {
  let orders = options.orders ?? [paidOrder, secondOrder, resellerOrder];
  let invoices = options.invoices ?? [issuedInvoice];
  let tickets = options.tickets ?? [openTicketOf];
  let nextInvoice = 20;
  let nextTicket = 30;
  const invoice = (id: unknown) => {
    const found = invoices.find((i) => i.id === id);
    if (found === undefined) throw notFound(`invoice ${String(id)}`);
    return found;
  };
  const ticket = (id: unknown) => {
    const found = tickets.find((t) => t.id === id);
    if (found === undefined) throw notFound(`ticket ${String(id)}`);
    return found;
  };
  const putInvoice = (changed: Invoice) => {
    invoices = invoices.some((i) => i.id === changed.id)
      ? invoices.map((i) => (i.id === changed.id ? changed : i))
      : [changed, ...invoices];
    return changed;
  };
  const putTicket = (changed: Ticket) => {
    tickets = tickets.some((t) => t.id === changed.id)
      ? tickets.map((t) => (t.id === changed.id ? changed : t))
      : [changed, ...tickets];
    return changed;
  };
  return (command: string, args: Record<string, unknown>): unknown => {
    switch (command) {
      case 'invoice_orders':
        return pageOf(orders, args.page as PageRequest | undefined);
      case 'invoices_list':
        return invoices;
      case 'invoice_show':
        return invoice(args.id);
      case 'invoice_request': {
        const request = args.request as InvoiceRequest;
        if (request.title.trim().toLowerCase() === 'refused') {
          throw invalid('the invoice title is not accepted here');
        }
        const picked = request.order_ids.map((id) => {
          const order = orders.find((o) => o.order_id === id);
          if (order === undefined || !order.invoiceable) {
            throw invalid(`the orders: order ${id} cannot be invoiced`);
          }
          return order;
        });
        const lines = picked.flatMap((o) => o.charges);
        const total = amountOf(lines.reduce((sum, line) => sum + cents(line.amount), 0));
        const created: Invoice = {
          ...submittedInvoice,
          id: nextInvoice++,
          title: request.title.trim(),
          tax_id: request.tax_id.trim(),
          address: request.address.trim(),
          email: request.email.trim(),
          lines,
          subtotal: total,
          total,
        };
        // Every charge of a picked order is taken: nothing of it is left to invoice.
        orders = orders.map((o) =>
          request.order_ids.includes(o.order_id)
            ? {
                ...o,
                charges: [],
                to_invoice: '0.00',
                invoiceable: false,
                reason: `it is already on invoice ${created.id}`,
                invoices: [...o.invoices, { id: created.id, number: null }],
              }
            : o,
        );
        return putInvoice(created);
      }
      case 'invoice_issue': {
        const found = invoice(args.id);
        return putInvoice({
          ...found,
          status: 'issued',
          number: `INV-2026-${String(found.id).padStart(6, '0')}`,
          issued_at: '2026-03-10T12:00:00Z',
        });
      }
      case 'invoice_reissue': {
        const old = invoice(args.id);
        const correction = args.correction as InvoiceCorrection;
        const id = nextInvoice++;
        const number = `INV-2026-${String(id).padStart(6, '0')}`;
        putInvoice({
          ...old,
          status: 'superseded',
          superseded_by: { id, number },
          superseded_at: '2026-03-10T12:00:00Z',
        });
        return putInvoice({
          ...old,
          id,
          number,
          title: correction.title ?? old.title,
          tax_id: correction.tax_id ?? old.tax_id,
          address: correction.address ?? old.address,
          email: correction.email ?? old.email,
          reissue_of: { id: old.id, number: old.number },
          issued_at: '2026-03-10T12:00:00Z',
          tickets: [],
        });
      }
      case 'invoice_save':
        return `/home/dana/Downloads/${invoice(args.id).number ?? 'invoice'}.pdf`;
      case 'orders_list':
        return pageOf(buyerOrders, args.page as PageRequest | undefined);
      case 'tickets_list':
        return tickets;
      case 'ticket_show':
        return ticket(args.id);
      case 'ticket_open': {
        const form = args.form as TicketForm;
        const files = (form.attachments ?? []) as Upload[];
        const created: Ticket = {
          ...openTicketOf,
          id: nextTicket++,
          category: form.category,
          order_id: form.order_id ?? null,
          order_product: form.order_id == null ? null : 'Orbit CRM',
          invoice:
            form.invoice_id == null
              ? null
              : {
                  id: form.invoice_id,
                  number: invoices.find((i) => i.id === form.invoice_id)?.number ?? null,
                },
          description: form.description.trim(),
          attachments: files.map((file, index) => ({
            position: index + 1,
            name: file.name,
            mime: 'application/pdf',
            size: 3,
            sha256: '00'.repeat(32),
          })),
        };
        return putTicket(created);
      }
      case 'ticket_answer':
        return putTicket({
          ...ticket(args.id),
          status: 'answered',
          reply: String(args.reply).trim(),
          answered_at: '2026-03-10T12:00:00Z',
        });
      case 'ticket_close':
        return putTicket({
          ...ticket(args.id),
          status: 'closed',
          closed_at: '2026-03-10T12:00:00Z',
        });
      case 'ticket_attachment_save':
        return `/home/dana/Downloads/ticket-${String(args.id)}-${String(args.position)}`;
      default:
        throw { code: 'internal', message: `Unknown command ${command}` } satisfies ApiError;
    }
  };
}
