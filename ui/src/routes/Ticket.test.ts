import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { answeredTicket, fakeAfterSales, openTicketOf } from '../lib/aftersales/fixtures';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { inTimeZone } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Ticket from './Ticket.svelte';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
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

  it('on a kiosk, lists its files with their size and type, without Save', async () => {
    kiosk.on = true;
    const calls = mockBackend(fakeAfterSales());
    render(Ticket, { props: { id: 2 } });
    const file = await screen.findByTestId('attachment');
    expect(file.textContent).toContain('emails.pdf');
    expect(within(file).getByTestId('attachment-sha256')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Attachments' })).toBeTruthy();
    expect(within(file).queryByTestId('save-attachment')).toBeNull();
    expect(calls.some((c) => c.command === 'ticket_attachment_save')).toBe(false);
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

  it("shows when it was opened and answered on the day of the account's time zone", async () => {
    const ticket = {
      ...answeredTicket,
      opened_at: '2026-03-01T02:00:00Z',
      answered_at: '2026-03-02T05:15:00Z',
    };
    mockBackend(inTimeZone('America/Los_Angeles', fakeAfterSales({ tickets: [ticket] })));
    render(Ticket, { props: { id: 1 } });
    await screen.findByTestId('ticket-reply');
    await waitFor(() => expect(document.body.textContent).toMatch(/Opened\s*2026-02-28 18:00/));
    expect(document.body.textContent).toContain('Answered 2026-03-01 21:15');
  });
});
