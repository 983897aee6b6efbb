import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import {
  answeredTicket,
  fakeAfterSales,
  issuedInvoice,
  openTicketOf,
  submittedInvoice,
} from '../lib/aftersales/fixtures';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { mockBackend } from '../lib/testing/ipc';
import AfterSales from './AfterSales.svelte';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
});

describe('Operations > Invoices & Tickets', () => {
  it('lists only the submitted invoices, and issues one', async () => {
    const calls = mockBackend(
      fakeAfterSales({ invoices: [submittedInvoice, issuedInvoice], tickets: [] }),
    );
    render(AfterSales);
    const row = await screen.findByTestId('invoice-row-4');
    expect(row.textContent).toContain('$99.00');
    expect(row.textContent).toContain('Acme Retail (prepaid)');
    expect(screen.queryByTestId('invoice-row-3')).toBeNull();
    await fireEvent.click(within(row).getByTestId('issue-invoice-4'));
    expect((await screen.findByTestId('after-sales-done')).textContent).toBe(
      'Issued INV-2026-000004 to Acme Retail (prepaid); the buyer is told.',
    );
    expect(calls.filter((c) => c.command === 'invoice_issue')).toEqual([
      { command: 'invoice_issue', args: { id: 4 } },
    ]);
    expect(screen.queryByTestId('invoice-row-4')).toBeNull();
    expect(screen.getAllByTestId('empty-state').map((e) => e.textContent)).toEqual([
      expect.stringContaining('No invoices to issue'),
      expect.stringContaining('No open tickets'),
    ]);
  });

  it('answers an open ticket', async () => {
    const calls = mockBackend(
      fakeAfterSales({ invoices: [], tickets: [openTicketOf, answeredTicket] }),
    );
    render(AfterSales);
    const row = await screen.findByTestId('ticket-row-2');
    expect(row.textContent).toContain(openTicketOf.description);
    expect(screen.queryByTestId('ticket-row-1')).toBeNull();
    await fireEvent.click(within(row).getByTestId('answer-send-2'));
    expect(screen.getByTestId('answer-missing-2')).toBeTruthy();
    expect(calls.filter((c) => c.command === 'ticket_answer')).toHaveLength(0);
    await fireEvent.input(screen.getByTestId('answer-2'), {
      target: { value: ' We reached the seller: it answers you today. ' },
    });
    await fireEvent.click(within(row).getByTestId('answer-send-2'));
    await waitFor(() => expect(screen.queryByTestId('ticket-row-2')).toBeNull());
    expect(calls.filter((c) => c.command === 'ticket_answer')).toEqual([
      {
        command: 'ticket_answer',
        args: { id: 2, reply: 'We reached the seller: it answers you today.' },
      },
    ]);
    expect(screen.getByTestId('after-sales-done').textContent).toBe(
      'Answered ticket 2; Acme Retail (prepaid) is told.',
    );
  });

  it("offers to save an open ticket's files outside a kiosk", async () => {
    mockBackend(fakeAfterSales({ invoices: [], tickets: [openTicketOf] }));
    render(AfterSales);
    const file = within(await screen.findByTestId('ticket-row-2')).getByTestId('attachment');
    expect(file.textContent).toContain('emails.pdf');
    expect(within(file).getByTestId('save-attachment')).toBeTruthy();
  });

  it("on a kiosk, lists an open ticket's files without Save", async () => {
    kiosk.on = true;
    mockBackend(fakeAfterSales({ invoices: [], tickets: [openTicketOf] }));
    render(AfterSales);
    const file = within(await screen.findByTestId('ticket-row-2')).getByTestId('attachment');
    expect(file.textContent).toContain('emails.pdf');
    expect(within(file).queryByTestId('save-attachment')).toBeNull();
    expect(within(file).queryByRole('button')).toBeNull();
  });

  it('shows why an invoice could not be issued', async () => {
    const fake = fakeAfterSales({ invoices: [submittedInvoice], tickets: [] });
    mockBackend((command, args) => {
      if (command === 'invoice_issue') {
        throw {
          code: 'forbidden',
          message: 'only the operations manager issues invoices',
        } satisfies ApiError;
      }
      return fake(command, args);
    });
    render(AfterSales);
    await fireEvent.click(await screen.findByTestId('issue-invoice-4'));
    expect((await screen.findByTestId('issue-error-4')).textContent.trim()).toBe(
      'Only the operations manager issues invoices.',
    );
  });

  it('shows the error state of each list apart', async () => {
    const fake = fakeAfterSales({ invoices: [], tickets: [openTicketOf] });
    mockBackend((command, args) => {
      if (command === 'invoices_list') {
        throw { code: 'storage', message: 'the store is busy' } satisfies ApiError;
      }
      return fake(command, args);
    });
    render(AfterSales);
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'The invoices could not be loaded',
    );
    expect(await screen.findByTestId('ticket-row-2')).toBeTruthy();
  });
});
