/**
 * Invoices and service tickets in words (R-AFT-1, R-AFT-3), and the checks the buyer's forms
 * make before anything is sent: the invoice's details and a ticket's description.
 *
 * The checks only spare a round trip: they follow the core's bounds, and the core checks again
 * and has the last word. Its refusal names the field first ("the tax id …"), which
 * `fieldOfMessage` turns back into the field to show it beside.
 */
import type {
  Invoice,
  InvoiceCorrection,
  InvoiceLine,
  InvoiceRef,
  InvoiceStatus,
  TicketCategory,
  TicketStatus,
} from '../api';
import { formatMoney } from '../catalog/format';
import { formatInstant } from '../util/time';

const INVOICE_STATUS: Record<InvoiceStatus, string> = {
  submitted: 'Submitted',
  issued: 'Issued',
  superseded: 'Superseded',
};

export function invoiceStatusLabel(status: InvoiceStatus): string {
  return INVOICE_STATUS[status];
}

const TICKET_STATUS: Record<TicketStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  closed: 'Closed',
};

export function ticketStatusLabel(status: TicketStatus): string {
  return TICKET_STATUS[status];
}

/** The categories a buyer picks from, in the order the form offers them. */
export const CATEGORIES: readonly { value: TicketCategory; label: string }[] = [
  { value: 'invoice', label: 'Invoice (return or question)' },
  { value: 'seller_unreachable', label: 'The seller cannot help or cannot be reached' },
  { value: 'credit', label: 'Credit on a postpaid account' },
  { value: 'other', label: 'Other' },
];

export const TICKET_CATEGORIES: readonly TicketCategory[] = CATEGORIES.map((c) => c.value);

export function categoryLabel(category: TicketCategory): string {
  return CATEGORIES.find((c) => c.value === category)?.label ?? category;
}

/** "INV-2026-000012", or "Invoice 12 (not issued yet)" while it has no number. */
export function invoiceName(invoice: InvoiceRef | Invoice): string {
  return invoice.number ?? `Invoice ${invoice.id} (not issued yet)`;
}

/**
 * What tells an invoice's lines apart: an order appears once for its payment and once more for
 * each renewal or upgrade invoiced, so the order alone does not ("renewal-4").
 */
export function lineKey(line: InvoiceLine): string {
  return `${line.kind}-${line.charge_id}`;
}

/** The orders an invoice's charges belong to, each once, in the invoice's order: "#5, #6". */
export function invoiceOrders(invoice: Invoice): string {
  return [...new Set(invoice.lines.map((line) => line.order_id))].map((id) => `#${id}`).join(', ');
}

export type DetailField = 'title' | 'tax_id' | 'address' | 'email';

export type InvoiceDetails = Record<DetailField, string>;

export const DETAIL_FIELDS: readonly { field: DetailField; label: string; hint: string }[] = [
  { field: 'title', label: 'Invoice title', hint: 'The company or person it is made out to.' },
  { field: 'tax_id', label: 'Tax id', hint: 'Letters, digits, - and spaces.' },
  { field: 'address', label: 'Address', hint: 'The billing address, 5 to 300 characters.' },
  { field: 'email', label: 'Email', hint: 'Where the invoice is sent.' },
];

/** The details of an invoice, as its form starts from. */
export function detailsOf(invoice: Invoice): InvoiceDetails {
  return {
    title: invoice.title,
    tax_id: invoice.tax_id,
    address: invoice.address,
    email: invoice.email,
  };
}

export const EMPTY_DETAILS: Readonly<InvoiceDetails> = {
  title: '',
  tax_id: '',
  address: '',
  email: '',
};

export type DetailErrors = Partial<Record<DetailField | 'orders', string>>;

function lengthError(label: string, value: string, min: number, max: number): string | null {
  const chars = [...value.trim()].length;
  if (chars === 0) return `Enter the ${label}.`;
  if (chars < min || chars > max) {
    return `The ${label} must be ${min} to ${max} characters long (it has ${chars}).`;
  }
  return null;
}

const TAX_ID = /^[A-Za-z0-9 -]+$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.\d][^\s@.]+$/;

/** What is wrong with each detail, by field; empty when the details can be sent. */
export function detailErrors(details: InvoiceDetails): DetailErrors {
  const errors: DetailErrors = {};
  const title = lengthError('invoice title', details.title, 2, 120);
  if (title !== null) errors.title = title;
  const taxId = details.tax_id.trim();
  const taxIdLength = lengthError('tax id', taxId, 2, 30);
  if (taxIdLength !== null) errors.tax_id = taxIdLength;
  else if (!TAX_ID.test(taxId)) {
    errors.tax_id = 'The tax id may hold only letters, digits, - and spaces.';
  }
  const address = lengthError('address', details.address, 5, 300);
  if (address !== null) errors.address = address;
  const email = details.email.trim();
  if (email === '') errors.email = 'Enter the email address.';
  else if (!EMAIL.test(email)) errors.email = 'Enter an address like name@company.com.';
  return errors;
}

/** How the core names each field at the start of a refusal. */
const CORE_NAMES: readonly [string, DetailField | 'orders'][] = [
  ['the invoice title', 'title'],
  ['the tax id', 'tax_id'],
  ['the address', 'address'],
  ['the email address', 'email'],
  ['the orders', 'orders'],
];

/** The field a refusal of the core is about, or null when it names none. */
export function fieldOfMessage(message: string): DetailField | 'orders' | null {
  const lower = message.trim().toLowerCase();
  for (const [name, field] of CORE_NAMES) {
    if (lower.startsWith(name)) return field;
  }
  return null;
}

/** The most orders one invoice may cover: the core refuses more. */
export const MAX_INVOICE_ORDERS = 50;

const DOLLARS_AND_CENTS = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * What amounts such as "220.00" come to, as "1234.50": added up in whole cents, so that the
 * total is exact however many there are. Null when one is not dollars and cents, rather than a
 * total that leaves it out.
 */
export function sumAmounts(amounts: readonly string[]): string | null {
  let cents = 0;
  for (const amount of amounts) {
    const match = DOLLARS_AND_CENTS.exec(amount.trim());
    if (match === null) return null;
    const [, whole = '0', fraction = ''] = match;
    cents += Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  }
  if (!Number.isSafeInteger(cents)) return null;
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** "2 orders picked, $1,234.50 to invoice", from what each picked order has left to invoice. */
export function pickedWords(toInvoice: readonly string[]): string {
  const count = `${toInvoice.length} ${toInvoice.length === 1 ? 'order' : 'orders'} picked`;
  const total = sumAmounts(toInvoice);
  return total === null ? count : `${count}, ${formatMoney(total)} to invoice`;
}

/** The details that differ from the invoice's (trimmed), as a reissue sends them. */
export function correctionOf(invoice: Invoice, details: InvoiceDetails): InvoiceCorrection {
  const correction: InvoiceCorrection = {};
  const old = detailsOf(invoice);
  for (const { field } of DETAIL_FIELDS) {
    const value = details[field].trim();
    if (value !== old[field]) correction[field] = value;
  }
  return correction;
}

/** Why a ticket's description cannot be sent yet, or null (the core takes 10 to 4000). */
export function descriptionError(text: string): string | null {
  const chars = [...text.trim()].length;
  if (chars === 0) return 'Describe what you need help with.';
  if (chars < 10) return `Say a little more: at least 10 characters (it has ${chars}).`;
  if (chars > 4000) return `The description can be at most 4000 characters (it has ${chars}).`;
  return null;
}

/**
 * "2026-03-06 10:01" in the buyer's time zone (the account's), from a stored UTC time
 * (RFC 3339); the machine's until the account is known.
 */
export function localTime(at: string, timeZone?: string): string {
  return formatInstant(at, timeZone);
}
