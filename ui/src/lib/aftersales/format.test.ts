import { describe, expect, it } from 'vitest';
import { issuedInvoice, renewalOfOrder6, renewalsInvoice, upgradeOfOrder6 } from './fixtures';
import {
  categoryLabel,
  correctionOf,
  descriptionError,
  detailErrors,
  detailsOf,
  fieldOfMessage,
  invoiceName,
  invoiceOrders,
  invoiceStatusLabel,
  lineKey,
  pickedWords,
  sumAmounts,
  ticketStatusLabel,
} from './format';

const good = {
  title: 'Acme Retail Pte Ltd',
  tax_id: 'SG-2019 0042',
  address: '1 Harbour Road, Singapore',
  email: 'billing@acme.example',
};

describe("R-AFT-1: an invoice's details", () => {
  it('accepts details the core accepts', () => {
    expect(detailErrors(good)).toEqual({});
  });

  it.each([
    ['title', '', 'Enter the invoice title.'],
    ['title', 'A', 'The invoice title must be 2 to 120 characters long (it has 1).'],
    ['title', 'x'.repeat(121), 'The invoice title must be 2 to 120 characters long (it has 121).'],
    ['tax_id', '  ', 'Enter the tax id.'],
    ['tax_id', 'SG/42', 'The tax id may hold only letters, digits, - and spaces.'],
    ['tax_id', '1'.repeat(31), 'The tax id must be 2 to 30 characters long (it has 31).'],
    ['address', 'Road', 'The address must be 5 to 300 characters long (it has 4).'],
    ['email', '', 'Enter the email address.'],
    ['email', 'billing@acme', 'Enter an address like name@company.com.'],
    ['email', 'billing acme@x.com', 'Enter an address like name@company.com.'],
    ['email', 'a@b.c', 'Enter an address like name@company.com.'],
  ] as const)('refuses %s %j', (field, value, message) => {
    expect(detailErrors({ ...good, [field]: value })).toEqual({ [field]: message });
  });

  it('names the field a refusal of the core is about', () => {
    expect(fieldOfMessage('the tax id may hold only letters')).toBe('tax_id');
    expect(fieldOfMessage('The email address "x" is not an address')).toBe('email');
    expect(fieldOfMessage('the invoice title is required')).toBe('title');
    expect(fieldOfMessage('the address must be 5 to 300 characters long')).toBe('address');
    expect(fieldOfMessage('the orders: order 9 cannot be invoiced')).toBe('orders');
    expect(fieldOfMessage('order 7 is already on INV-2026-000003')).toBeNull();
  });

  it('sends only the corrected details, trimmed, with a reissue', () => {
    expect(correctionOf(issuedInvoice, detailsOf(issuedInvoice))).toEqual({});
    expect(
      correctionOf(issuedInvoice, {
        ...detailsOf(issuedInvoice),
        tax_id: ' SG-2019-0043 ',
        email: issuedInvoice.email,
      }),
    ).toEqual({ tax_id: 'SG-2019-0043' });
  });
});

describe('invoices and tickets in words', () => {
  it('names statuses, categories and invoices', () => {
    expect(invoiceStatusLabel('submitted')).toBe('Submitted');
    expect(ticketStatusLabel('answered')).toBe('Answered');
    expect(categoryLabel('credit')).toBe('Credit on a postpaid account');
    expect(invoiceName({ id: 3, number: 'INV-2026-000003' })).toBe('INV-2026-000003');
    expect(invoiceName({ id: 4, number: null })).toBe('Invoice 4 (not issued yet)');
  });

  it.each([
    ['', 'Describe what you need help with.'],
    ['Too short', 'Say a little more: at least 10 characters (it has 9).'],
    ['x'.repeat(4001), 'The description can be at most 4000 characters (it has 4001).'],
    ['The seller does not answer.', null],
  ])("checks a ticket's description %#", (text, message) => {
    expect(descriptionError(text)).toBe(message);
  });
});

describe("R-AFT-1: an invoice's charges", () => {
  it('tells lines of the same order apart by what they charged', () => {
    expect(issuedInvoice.lines.map(lineKey)).toEqual(['order-5', 'order-6']);
    expect([renewalOfOrder6, upgradeOfOrder6].map(lineKey)).toEqual(['renewal-4', 'upgrade-2']);
  });

  it('names each order once, however many of its charges are on the invoice', () => {
    expect(invoiceOrders(issuedInvoice)).toBe('#5, #6');
    expect(invoiceOrders(renewalsInvoice)).toBe('#6');
    expect(
      invoiceOrders({
        ...renewalsInvoice,
        lines: [renewalOfOrder6, issuedInvoice.lines[0]!, upgradeOfOrder6],
      }),
    ).toBe('#6, #5');
  });
});

describe('R-AFT-1: what the picked orders come to', () => {
  it('adds amounts up to the cent, however many there are', () => {
    // As floats, 0.1 + 0.2 is 0.30000000000000004.
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(Array.from({ length: 50 }, () => '0.01'))).toBe('0.50');
    expect(sumAmounts(['1200.00', '49.5', '169.75', '7'])).toBe('1426.25');
    expect(sumAmounts([])).toBe('0.00');
  });

  it('gives no total rather than one that leaves an amount out', () => {
    expect(sumAmounts(['600.00', 'n/a'])).toBeNull();
    expect(sumAmounts(['0.125'])).toBeNull();
    expect(sumAmounts(['-5.00'])).toBeNull();
  });

  it('says how many orders are picked and what they come to', () => {
    expect(pickedWords(['600.00'])).toBe('1 order picked, $600.00 to invoice');
    expect(pickedWords(['600.00', '1200.00', '169.75', '0.25'])).toBe(
      '4 orders picked, $1,970.00 to invoice',
    );
    expect(pickedWords(['600.00', 'n/a'])).toBe('2 orders picked');
  });
});
