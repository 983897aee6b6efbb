import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { answeredTicket, fakeAfterSales, openTicketOf } from '../lib/aftersales/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Ticket from './Ticket.svelte';

afterEach(() => {
  clearMocks();
});

describe("a ticket's page", () => {
  it('shows the ticket, its files with Save, and waits for an answer', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(Ticket, { props: { id: 2 } });
    expect((await screen.findByTestId('ticket-status')).textContent).toBe('Open');
    expect(screen.getByTestId('ticket-text').textContent).toBe(openTicketOf.description);
    expect(screen.getByTestId('ticket-waiting')).toBeTruthy();
    const file = screen.getByTestId('attachment');
    expect(file.textContent).toContain('emails.pdf');
    await fireEvent.click(within(file).getByTestId('save-attachment'));
    expect((await within(file).findByTestId('saved-path')).textContent).toBe(
      'Saved to /home/dana/Downloads/ticket-2-1',
    );
    expect(calls.filter((c) => c.command === 'ticket_attachment_save')).toEqual([
      { command: 'ticket_attachment_save', args: { id: 2, position: 1 } },
    ]);
  });

  it('shows the answer, and closes the ticket', async () => {
    const calls = mockBackend(fakeAfterSales({ tickets: [answeredTicket] }));
    render(Ticket, { props: { id: 1 } });
    expect((await screen.findByTestId('ticket-reply')).textContent).toBe(
      'Your limit is now $5,000.',
    );
    await fireEvent.click(screen.getByTestId('ticket-close'));
    expect((await screen.findByTestId('ticket-closed')).textContent).toContain('Closed');
    expect(screen.getByTestId('ticket-status').textContent).toBe('Closed');
    expect(screen.queryByTestId('ticket-close')).toBeNull();
    expect(calls.filter((c) => c.command === 'ticket_close')).toEqual([
      { command: 'ticket_close', args: { id: 1 } },
    ]);
  });

  it('shows an error state for an unknown ticket', async () => {
    mockBackend(fakeAfterSales());
    render(Ticket, { props: { id: 99 } });
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'The ticket could not be loaded',
    );
  });
});
