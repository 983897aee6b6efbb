import { render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import { answeredTicket, fakeAfterSales, openTicketOf } from '../lib/aftersales/fixtures';
import { inTimeZone } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Tickets from './Tickets.svelte';

afterEach(() => {
  clearMocks();
});

describe('service tickets', () => {
  it('lists the tickets with their status and what they are about', async () => {
    mockBackend(fakeAfterSales({ tickets: [openTicketOf, answeredTicket] }));
    render(Tickets);
    const open = await screen.findByTestId('ticket-row-2');
    expect(within(open).getByTestId('ticket-status').textContent).toBe('Open');
    expect(open.textContent).toContain('The seller cannot help or cannot be reached');
    expect(within(open).getByRole('link', { name: 'Order #7' }).getAttribute('href')).toBe(
      '#/billing/orders/7',
    );
    expect(within(open).getByRole('link', { name: 'Ticket 2' }).getAttribute('href')).toBe(
      '#/billing/tickets/2',
    );
    expect(
      within(screen.getByTestId('ticket-row-1')).getByTestId('ticket-status').textContent,
    ).toBe('Answered');
  });

  it('shows an empty state with a way to open one', async () => {
    mockBackend(fakeAfterSales({ tickets: [] }));
    render(Tickets);
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No service tickets');
    expect(within(empty).getByRole('link').getAttribute('href')).toBe('#/billing/tickets/new');
  });

  it('shows an error state', async () => {
    mockBackend(() => {
      throw { code: 'storage', message: 'the store is busy' } satisfies ApiError;
    });
    render(Tickets);
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'The tickets could not be loaded',
    );
  });

  it("shows when each was opened on the day of the account's time zone", async () => {
    const late = { ...openTicketOf, opened_at: '2026-03-05T23:30:00Z' };
    mockBackend(inTimeZone('Asia/Shanghai', fakeAfterSales({ tickets: [late] })));
    render(Tickets);
    const row = await screen.findByTestId('ticket-row-2');
    await waitFor(() => expect(row.textContent).toContain('2026-03-06 07:30'));
  });
});
