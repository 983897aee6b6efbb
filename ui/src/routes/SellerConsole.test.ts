import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActingAs, ApiError, OrdersQuery } from '../lib/api';
import { formatInstant } from '../lib/util/time';
import { buyerAppeal, flowOf, sellerAppeal, waitingFlow } from '../lib/operations/fixtures';
import { actingAs } from '../lib/roles/acting.svelte';
import { actingAsBuyer, crmOrder, fakeShop, ordersPageOf } from '../lib/testing/fixtures';
import { deferred, mockBackend } from '../lib/testing/ipc';
import {
  fakeReviews,
  pendingRequest,
  refundedRequest,
  rejectedRequest,
} from '../lib/unsubscriptions/fixtures';
import SellerCenter from './SellerCenter.svelte';
import SellerConsole from './SellerConsole.svelte';

const actingAsSeller: ActingAs = {
  ...actingAsBuyer,
  role: 'seller',
  seller: { id: 'orbit-soft', name: 'Orbit Software', products: 3 },
};

/** The seller's backend: who the app acts as, then `answer` for the rest. */
async function asSeller(answer: (command: string, args: Record<string, unknown>) => unknown) {
  const calls = mockBackend((command, args) =>
    command === 'role_show' ? actingAsSeller : answer(command, args),
  );
  await actingAs.load();
  return calls;
}

const storageError: ApiError = { code: 'storage', message: 'the data file could not be read' };
const NOW = new Date('2026-03-06T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
  clearMocks();
});

describe('the Seller Console tabs', () => {
  it('link Orders to the Seller Center and the others to their tabs, with the seller’s name', async () => {
    await asSeller((command, args) =>
      command === 'orders_received' ? ordersPageOf([crmOrder], args.query as OrdersQuery) : [],
    );
    render(SellerCenter);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Seller Center: Orbit Software',
    );
    const tabs = within(screen.getByRole('navigation', { name: 'Seller Console' }));
    const links = tabs.getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Orders', '#/seller'],
      ['Queue', '#/seller/queue'],
      ['Unsubscriptions', '#/seller/unsubscriptions'],
      ['Appeals', '#/seller/appeals'],
    ]);
    expect(tabs.getByTestId('seller-tab-orders').getAttribute('aria-current')).toBe('page');
    expect(tabs.getByTestId('seller-tab-queue').hasAttribute('aria-current')).toBe(false);
    expect(await screen.findAllByTestId('order-buyer')).toHaveLength(1);
  });

  it.each(['queue', 'unsubscriptions', 'appeals'] as const)(
    'marks %s as the current tab and loads only its list',
    async (tab) => {
      const calls = await asSeller(() => []);
      render(SellerConsole, { props: { tab } });
      expect(screen.getByTestId(`seller-tab-${tab}`).getAttribute('aria-current')).toBe('page');
      expect(screen.getByTestId('seller-tab-orders').hasAttribute('aria-current')).toBe(false);
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
        'Seller Center: Orbit Software',
      );
      await screen.findByTestId('empty-state');
      const asked = calls.map((c) => c.command).filter((c) => c !== 'role_show');
      expect(asked).toEqual([
        {
          queue: 'supervision_queue',
          unsubscriptions: 'unsubscriptions_received',
          appeals: 'supervision_list',
        }[tab],
      ]);
    },
  );
});

describe('Seller Console > Queue', () => {
  const late = flowOf({
    order_id: 4,
    buyer_name: 'Blue Harbor (postpaid)',
    step: 'Reviewing the request',
    next: 'The seller accepts or rejects the request',
    due_at: '2026-03-05T08:00:00Z',
  });
  const soon = flowOf({ order_id: 12, due_at: '2026-03-06T12:00:01Z' });

  it('lists the flows waiting on the seller in the core’s order, each linking to its flow', async () => {
    await asSeller((command) => (command === 'supervision_queue' ? [late, waitingFlow, soon] : []));
    render(SellerConsole, { props: { tab: 'queue' } });
    const table = await screen.findByTestId('queue-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.testid)).toEqual([
      'queue-row-4',
      'queue-row-7',
      'queue-row-12',
    ]);
    const row = screen.getByTestId('queue-row-4');
    expect(row.textContent).toContain('Orbit CRM');
    expect(row.textContent).toContain('Blue Harbor (postpaid)');
    expect(row.textContent).toContain('Reviewing the request');
    expect(within(row).getByRole('link').getAttribute('href')).toBe('#/supervision/4');
    expect(within(screen.getByTestId('queue-row-12')).getByRole('link').getAttribute('href')).toBe(
      '#/supervision/12',
    );
  });

  it('shows when the buyer may appeal in local time, highlighted once it has passed', async () => {
    await asSeller((command) => (command === 'supervision_queue' ? [late, soon] : []));
    render(SellerConsole, { props: { tab: 'queue' } });
    const lateDue = within(await screen.findByTestId('queue-row-4')).getByTestId('queue-due');
    expect(lateDue.textContent).toContain(formatInstant('2026-03-05T08:00:00Z'));
    expect(lateDue.classList.contains('past')).toBe(true);
    expect(lateDue.textContent).toContain('The buyer may appeal now');

    const soonDue = within(screen.getByTestId('queue-row-12')).getByTestId('queue-due');
    expect(soonDue.textContent).toContain(formatInstant('2026-03-06T12:00:01Z'));
    expect(soonDue.classList.contains('past')).toBe(false);
    expect(soonDue.textContent).not.toContain('appeal now');
  });

  it('has an empty state', async () => {
    await asSeller(() => []);
    render(SellerConsole, { props: { tab: 'queue' } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'Nothing waits on you',
    );
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    await asSeller((command) => {
      if (fail) throw storageError;
      return command === 'supervision_queue' ? [waitingFlow] : [];
    });
    render(SellerConsole, { props: { tab: 'queue' } });
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    expect(await screen.findByTestId('queue-row-7')).toBeTruthy();
  });
});

describe('Seller Console > Unsubscriptions', () => {
  it('R-UNS-3: shows each request with the amount asked against the amount paid, reason, contact and review', async () => {
    await asSeller(fakeReviews([pendingRequest, rejectedRequest, refundedRequest]));
    render(SellerConsole, { props: { tab: 'unsubscriptions' } });
    const pending = await screen.findByTestId('unsub-row-4');
    expect(within(pending).getByTestId('unsub-amount').textContent).toMatch(
      /\$300\.00\s+of \$600\.00 paid/,
    );
    expect(pending.textContent).toContain('Acme Retail (prepaid)');
    expect(pending.textContent).toContain('Service not delivered as agreed: the SSO never worked');
    expect(within(pending).getByTestId('unsub-contact').textContent).toBe(
      'dana@acme.example · +65 8123 4567',
    );
    expect(within(pending).getByTestId('request-status').textContent).toBe(
      'Waiting for the seller',
    );
    expect(within(pending).getByRole('link', { name: 'Order #7' }).getAttribute('href')).toBe(
      '#/supervision/7',
    );
    expect(screen.getByTestId('review-comment-4')).toBeTruthy();

    const rejected = screen.getByTestId('unsub-row-2');
    expect(within(rejected).getByTestId('unsub-contact').textContent).toBe('Not shared');
    expect(within(rejected).getByTestId('request-status').textContent).toBe('Rejected');
    expect(within(rejected).getByTestId('unsub-comment').textContent).toContain(
      'The license was delivered and used for two weeks.',
    );
    expect(within(rejected).getByTestId('unsub-records').textContent).toContain('call-notes.pdf');
    expect(screen.queryByTestId('review-comment-2')).toBeNull();

    const refunded = screen.getByTestId('unsub-row-1');
    expect(within(refunded).getByTestId('unsub-refund').textContent).toBe(
      formatInstant('2026-03-01T13:00:00Z'),
    );
    expect(screen.queryByTestId('review-approve-1')).toBeNull();
  });

  it('approves with the comment and the records picked, and shows the list the core returns', async () => {
    const calls = await asSeller(fakeReviews([pendingRequest, rejectedRequest]));
    render(SellerConsole, { props: { tab: 'unsubscriptions' } });
    const comment = await screen.findByTestId('review-comment-4');
    await fireEvent.input(comment, { target: { value: 'Agreed with Dana on the phone.' } });
    const picker = screen.getByTestId('review-records-4') as HTMLInputElement;
    Object.defineProperty(picker, 'files', {
      configurable: true,
      value: [new File(['abc'], 'call.txt'), new File([new Uint8Array([0, 255])], 'chat.png')],
    });
    await fireEvent.change(picker);
    expect(screen.getByTestId('review-files-4').textContent).toContain('call.txt');

    await fireEvent.click(screen.getByTestId('review-approve-4'));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('unsub-row-4')).getByTestId('request-status').textContent,
      ).toBe('Approved: refund due'),
    );
    const reviews = calls.filter((c) => c.command === 'unsubscribe_review');
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.args).toEqual({
      requestId: 4,
      operationId: expect.stringMatching(/^op-/),
      approve: true,
      comment: 'Agreed with Dana on the phone.',
      records: [
        { name: 'call.txt', content_base64: 'YWJj' },
        { name: 'chat.png', content_base64: 'AP8=' },
      ],
    });
    const row = screen.getByTestId('unsub-row-4');
    expect(within(row).getByTestId('unsub-comment').textContent).toContain(
      'Agreed with Dana on the phone.',
    );
    expect(within(row).getByTestId('unsub-records').textContent).toContain('chat.png');
    expect(within(row).getByTestId('unsub-refund').textContent).toBe(
      `By ${formatInstant('2026-03-10T15:00:00Z')}`,
    );
    expect(screen.queryByTestId('review-comment-4')).toBeNull();
    expect(screen.getByTestId('review-done').textContent).toContain(
      'Request 4 approved: order #7 is cancelled',
    );
  });

  it('rejects with the comment and no records', async () => {
    const calls = await asSeller(fakeReviews([pendingRequest]));
    render(SellerConsole, { props: { tab: 'unsubscriptions' } });
    await fireEvent.input(await screen.findByTestId('review-comment-4'), {
      target: { value: 'The service was delivered as agreed.' },
    });
    await fireEvent.click(screen.getByTestId('review-reject-4'));
    await waitFor(() => expect(screen.getByTestId('request-status').textContent).toBe('Rejected'));
    expect(calls.find((c) => c.command === 'unsubscribe_review')!.args).toMatchObject({
      requestId: 4,
      approve: false,
      comment: 'The service was delivered as agreed.',
      records: [],
    });
    expect(screen.getByTestId('review-done').textContent).toBe(
      'Request 4 rejected. The buyer is told and may send another.',
    );
  });

  it('asks for a comment before sending anything', async () => {
    const calls = await asSeller(fakeReviews([pendingRequest]));
    render(SellerConsole, { props: { tab: 'unsubscriptions' } });
    await fireEvent.input(await screen.findByTestId('review-comment-4'), {
      target: { value: '   ' },
    });
    await fireEvent.click(screen.getByTestId('review-approve-4'));
    expect(screen.getByTestId('review-comment-error-4').textContent).toBe(
      'Write a review comment: the buyer reads it with your decision.',
    );
    expect(calls.some((c) => c.command === 'unsubscribe_review')).toBe(false);
  });

  it('disables the decision while it is sent, shows the refusal inline and retries with the same operation id', async () => {
    const answer = fakeReviews([pendingRequest]);
    const first = deferred<unknown>();
    let attempts = 0;
    const calls = await asSeller((command, args) => {
      if (command !== 'unsubscribe_review') return answer(command, args);
      attempts += 1;
      return attempts === 1 ? first.promise : answer(command, args);
    });
    render(SellerConsole, { props: { tab: 'unsubscriptions' } });
    await fireEvent.input(await screen.findByTestId('review-comment-4'), {
      target: { value: 'Agreed.' },
    });
    await fireEvent.click(screen.getByTestId('review-approve-4'));
    await waitFor(() =>
      expect(screen.getByTestId('review-approve-4').textContent).toBe('Approving…'),
    );
    expect((screen.getByTestId('review-approve-4') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('review-reject-4') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('review-approve-4'));

    first.reject({ code: 'storage', message: 'the data file could not be written' });
    expect((await screen.findByTestId('review-error-4')).textContent).toBe(
      'The data file could not be written.',
    );
    expect(screen.getByTestId('request-status').textContent).toBe('Waiting for the seller');

    await fireEvent.click(screen.getByTestId('review-approve-4'));
    await waitFor(() =>
      expect(screen.getByTestId('request-status').textContent).toBe('Approved: refund due'),
    );
    const ids = calls
      .filter((c) => c.command === 'unsubscribe_review')
      .map((c) => c.args.operationId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('has an empty state', async () => {
    await asSeller(fakeReviews([]));
    render(SellerConsole, { props: { tab: 'unsubscriptions' } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'No unsubscription requests',
    );
  });

  it('has an error state', async () => {
    await asSeller(() => {
      throw storageError;
    });
    render(SellerConsole, { props: { tab: 'unsubscriptions' } });
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'The unsubscription requests could not be loaded',
    );
  });
});

describe('Seller Console > Appeals', () => {
  it('lists the seller’s frozen flows with when the appeal was opened and by whom', async () => {
    const calls = await asSeller((command) =>
      command === 'supervision_list' ? [sellerAppeal, buyerAppeal] : [],
    );
    render(SellerConsole, { props: { tab: 'appeals' } });
    const mine = await screen.findByTestId('appeal-row-9');
    expect(calls.find((c) => c.command === 'supervision_list')!.args).toEqual({
      query: { order_id: null, product: null, state: 'frozen', from: null, to: null },
    });
    expect(within(mine).getByTestId('appeal-appellant').textContent).toBe('You');
    expect(mine.textContent).toContain(formatInstant('2026-03-10T09:15:00Z'));
    expect(within(mine).getByRole('link').getAttribute('href')).toBe('#/supervision/9');
    const theirs = screen.getByTestId('appeal-row-3');
    expect(within(theirs).getByTestId('appeal-appellant').textContent).toBe(
      'The buyer (Acme Retail (prepaid))',
    );
    expect(theirs.textContent).toContain(formatInstant('2026-03-08T07:30:00Z'));
  });

  it('has an empty state and an error state', async () => {
    await asSeller(() => []);
    const { unmount } = render(SellerConsole, { props: { tab: 'appeals' } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No open appeals');
    unmount();

    await asSeller(() => {
      throw storageError;
    });
    render(SellerConsole, { props: { tab: 'appeals' } });
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'The appeals could not be loaded',
    );
  });
});

describe('Seller Center > Orders', () => {
  it('still lists the orders received, with an empty state', async () => {
    const shop = fakeShop();
    await asSeller((command, args) =>
      command === 'orders_received'
        ? ordersPageOf([], args.query as OrdersQuery)
        : shop(command, args),
    );
    render(SellerCenter);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No orders yet');
    expect(screen.getByRole('region', { name: 'Orders received' })).toBe(
      screen.getByTestId('orders-section'),
    );
    expect(screen.getByTestId('seller-products').textContent).toContain('3 products');
  });
});
