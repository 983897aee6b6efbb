import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, Order, PageRequest } from '../lib/api';
import { fakeAfterSales } from '../lib/aftersales/fixtures';
import { crmOrder } from '../lib/testing/fixtures';
import type { TicketPrefill } from '../lib/router/route';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import { pageOf } from '../lib/testing/page';
import NewTicket from './NewTicket.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const none: TicketPrefill = { category: null, order: null, invoice: null };
const field = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;
const opened = (calls: IpcCall[]) => calls.filter((c) => c.command === 'ticket_open');

/** A buyer with 150 orders, the newest (#150) first. */
function with150Orders() {
  const orders: Order[] = Array.from({ length: 150 }, (_, index) => ({
    ...crmOrder,
    id: 150 - index,
  }));
  const fake = fakeAfterSales();
  return (command: string, args: Record<string, unknown>) =>
    command === 'orders_list'
      ? pageOf(orders, args.page as PageRequest | undefined)
      : fake(command, args);
}

describe('the ticket form', () => {
  it('R-AFT-3: sends the category, order, description and files as uploads', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(NewTicket, { props: { prefill: none } });
    await screen.findByRole('option', { name: 'Order #8 · Vault Backup License' });
    await fireEvent.change(field('ticket-category'), { target: { value: 'seller_unreachable' } });
    await fireEvent.change(field('ticket-order'), { target: { value: '8' } });
    await fireEvent.input(field('ticket-description'), {
      target: { value: '  The seller has not answered for two weeks. ' },
    });
    await fireEvent.change(field('ticket-files'), {
      target: {
        files: [
          new File(['%PDF-'], 'emails.pdf', { type: 'application/pdf' }),
          new File(['PNG'], 'chat.png', { type: 'image/png' }),
        ],
      },
    });
    expect(screen.getByTestId('ticket-picked').textContent).toContain('emails.pdf');
    await fireEvent.click(field('ticket-submit'));
    await waitFor(() => expect(window.location.hash).toBe('#/billing/tickets/30'));
    expect(opened(calls)).toEqual([
      {
        command: 'ticket_open',
        args: {
          form: {
            category: 'seller_unreachable',
            order_id: 8,
            invoice_id: null,
            description: 'The seller has not answered for two weeks.',
            attachments: [
              { name: 'emails.pdf', content_base64: 'JVBERi0=' },
              { name: 'chat.png', content_base64: 'UE5H' },
            ],
          },
        },
      },
    ]);
  });

  it('is prefilled from the link: returning an invoice', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(NewTicket, { props: { prefill: { category: 'invoice', order: null, invoice: 3 } } });
    expect(field('ticket-category').value).toBe('invoice');
    expect(screen.getByTestId('ticket-invoice').textContent).toContain('invoice 3');
    await fireEvent.input(field('ticket-description'), {
      target: { value: 'Please take this invoice back: wrong company.' },
    });
    await fireEvent.click(field('ticket-submit'));
    await waitFor(() => expect(opened(calls)).toHaveLength(1));
    expect(opened(calls)[0]!.args.form).toEqual({
      category: 'invoice',
      order_id: null,
      invoice_id: 3,
      description: 'Please take this invoice back: wrong company.',
      attachments: [],
    });
  });

  it('is prefilled with an order, even before the orders are loaded', async () => {
    mockBackend(fakeAfterSales());
    render(NewTicket, { props: { prefill: { category: 'credit', order: 7, invoice: null } } });
    expect(field('ticket-category').value).toBe('credit');
    await screen.findByRole('option', { name: 'Order #7 · Orbit CRM' });
    expect(field('ticket-order').value).toBe('7');
  });

  it('offers the 100 newest orders, asking for them in one page', async () => {
    const calls = mockBackend(with150Orders());
    render(NewTicket, { props: { prefill: none } });
    await screen.findByRole('option', { name: 'Order #150 · Orbit CRM' });
    expect(calls.filter((c) => c.command === 'orders_list')).toEqual([
      { command: 'orders_list', args: { page: { offset: 0, limit: 100 } } },
    ]);
    const options = within(field('ticket-order')).getAllByRole('option');
    expect(options).toHaveLength(101);
    expect(options.at(-1)!.textContent).toBe('Order #51 · Orbit CRM');
  });

  it('keeps an older order it was opened with, beyond the newest 100', async () => {
    mockBackend(with150Orders());
    render(NewTicket, { props: { prefill: { category: 'credit', order: 12, invoice: null } } });
    await screen.findByRole('option', { name: 'Order #150 · Orbit CRM' });
    expect(screen.getByRole('option', { name: 'Order #12' })).toBeTruthy();
    expect(field('ticket-order').value).toBe('12');
  });

  it('refuses a missing category and a short description without calling the backend', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(NewTicket, { props: { prefill: none } });
    await fireEvent.input(field('ticket-description'), { target: { value: 'Help' } });
    await fireEvent.click(field('ticket-submit'));
    expect(screen.getByTestId('ticket-category-error').textContent).toBe(
      'Choose what the ticket is about.',
    );
    expect(screen.getByTestId('ticket-description-error').textContent).toBe(
      'Say a little more: at least 10 characters (it has 4).',
    );
    // Each field is described by its error, for a screen reader reaching it.
    const describedBy = (testId: string) =>
      (field(testId).getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent?.trim())
        .join(' ');
    expect(describedBy('ticket-category')).toBe('Choose what the ticket is about.');
    expect(describedBy('ticket-description')).toBe(
      'What happened and what you need, in 10 to 4000 characters. Say a little more: at least 10 characters (it has 4).',
    );
    expect(opened(calls)).toHaveLength(0);
  });

  it("shows the backend's refusal", async () => {
    const fake = fakeAfterSales();
    mockBackend((command, args) => {
      if (command === 'ticket_open') {
        throw {
          code: 'invalid_input',
          message: 'attachments: "notes.txt" is not a PDF, PNG or JPEG file',
        } satisfies ApiError;
      }
      return fake(command, args);
    });
    render(NewTicket, { props: { prefill: { ...none, category: 'other' } } });
    await fireEvent.input(field('ticket-description'), {
      target: { value: 'Something else entirely.' },
    });
    await fireEvent.click(field('ticket-submit'));
    expect((await screen.findByTestId('ticket-error')).textContent).toBe(
      'Attachments: "notes.txt" is not a PDF, PNG or JPEG file.',
    );
  });
});
