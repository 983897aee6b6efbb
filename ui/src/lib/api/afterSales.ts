/** After-sales: invoices and service tickets. */
import { commands } from './bindings';
import type {
  Invoice,
  InvoiceCorrection,
  InvoiceRequest,
  InvoiceableOrder,
  Page,
  PageRequest,
  Ticket,
  TicketForm,
} from './bindings';
import { unwrap } from './call';

/**
 * Billing Center > Invoices: the buyer's paid orders, the newest first, a page at a time, each
 * with whether it can be invoiced and why not.
 */
export function loadInvoiceableOrders(page: PageRequest): Promise<Page<InvoiceableOrder>> {
  return unwrap(() => commands.invoiceOrders(page));
}

/** The buyer's invoices, or every invoice for the operations manager. */
export function loadInvoices(): Promise<Invoice[]> {
  return unwrap(() => commands.invoicesList());
}

/** One invoice with its orders, amounts and tickets. */
export function loadInvoice(id: number): Promise<Invoice> {
  return unwrap(() => commands.invoiceShow(id));
}

/**
 * Asks for an invoice of paid orders (R-AFT-1); it waits, submitted, for the operations
 * manager. Throws `invalid_input` naming the field first ("the tax id …", "the orders: …"),
 * `conflict` when an order is already on an invoice.
 */
export function requestInvoice(request: InvoiceRequest): Promise<Invoice> {
  return unwrap(() => commands.invoiceRequest(request));
}

/** Operations: issues a submitted invoice, which gets its number; its buyer is told. */
export function issueInvoice(id: number): Promise<Invoice> {
  return unwrap(() => commands.invoiceIssue(id));
}

/**
 * Reissues an issued invoice with corrected details (a field left out keeps its value);
 * resolves to the new invoice, which supersedes the old one.
 */
export function reissueInvoice(id: number, correction: InvoiceCorrection): Promise<Invoice> {
  return unwrap(() => commands.invoiceReissue(id, correction));
}

/** Writes an issued invoice's PDF into the Downloads folder; resolves to its path. */
export function saveInvoice(id: number): Promise<string> {
  return unwrap(() => commands.invoiceSave(id));
}

/** The buyer's service tickets, or every ticket for the operations manager. */
export function loadTickets(): Promise<Ticket[]> {
  return unwrap(() => commands.ticketsList());
}

export function loadTicket(id: number): Promise<Ticket> {
  return unwrap(() => commands.ticketShow(id));
}

/**
 * Opens a service ticket (R-AFT-3). Throws `invalid_input` naming the field first ("the
 * description …", "the related order: …", "attachments …").
 */
export function openTicket(form: TicketForm): Promise<Ticket> {
  return unwrap(() => commands.ticketOpen(form));
}

/** Operations: answers an open ticket; its buyer is told. */
export function answerTicket(id: number, reply: string): Promise<Ticket> {
  return unwrap(() => commands.ticketAnswer(id, reply));
}

/** The buyer closes a ticket. */
export function closeTicket(id: number): Promise<Ticket> {
  return unwrap(() => commands.ticketClose(id));
}

/** Saves one of a ticket's files into the Downloads folder; resolves to its path. */
export function saveTicketAttachment(id: number, position: number): Promise<string> {
  return unwrap(() => commands.ticketAttachmentSave(id, position));
}
