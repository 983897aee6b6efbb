import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message, MessagesQuery } from '../lib/api';
import { unread } from '../lib/messages/unread.svelte';
import { localTime } from '../lib/supervision/format';
import { fakeSupervision, messages } from '../lib/supervision/testing';
import { deferred, mockBackend, type IpcCall } from '../lib/testing/ipc';
import Messages from './Messages.svelte';

afterEach(() => {
  clearMocks();
  unread.set(0);
  window.location.hash = '';
});

/** The pages of messages asked for, in order. */
const listed = (calls: IpcCall[]) =>
  calls.filter((c) => c.command === 'messages_list').map((c) => c.args.query as MessagesQuery);
/** What each mark asked for: the messages named and the page wanted back. */
const reads = (calls: IpcCall[]) =>
  calls.filter((c) => c.command === 'messages_read').map((c) => c.args);
const offsets = (calls: IpcCall[]) => listed(calls).map((query) => query.offset);

/**
 * `count` messages, the newest (the highest id) first; those whose id `unreadIf` accepts are
 * unread (every other one when left out).
 */
function many(count: number, unreadIf = (id: number) => id % 2 === 0): Message[] {
  return Array.from({ length: count }, (_, index) => {
    const id = count - index;
    return {
      id,
      kind: 'delivered',
      order_id: id,
      title: `Message ${id}`,
      body: `About order ${id}.`,
      created_at: new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString(),
      read: !unreadIf(id),
      link: { to: 'flow', order_id: id },
    };
  });
}

const ids = () =>
  within(screen.getByTestId('messages-list'))
    .getAllByRole('listitem')
    .map((item) => Number(item.dataset.testid?.replace('message-', '')));
const words = (testid: string) =>
  screen.getByTestId(testid).textContent?.replace(/\s+/g, ' ').trim();
const pressed = (testid: string) => screen.getByTestId(testid).getAttribute('aria-pressed');
const button = (testid: string) => screen.getByTestId(testid) as HTMLButtonElement;
/** Presses a control as the keyboard does: focus first (a click alone does not move it here). */
async function press(element: HTMLElement) {
  element.focus();
  await fireEvent.click(element);
}

describe('Messages', () => {
  it('lists the messages newest first, the unread ones marked, with a link to their flow', async () => {
    const calls = mockBackend(fakeSupervision());
    render(Messages);
    const list = await screen.findByTestId('messages-list');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.dataset.testid)).toEqual(['message-3', 'message-2', 'message-1']);
    expect(items.map((i) => i.dataset.read)).toEqual(['false', 'false', 'true']);
    expect(within(items[0]!).getByTestId('message-new').textContent).toBe('New');
    expect(within(items[2]!).queryByTestId('message-new')).toBeNull();
    expect(items[0]!.textContent).toContain(messages[0]!.title);
    expect(items[0]!.textContent).toContain(localTime(messages[0]!.created_at));
    expect(within(items[0]!).getByTestId('message-link').getAttribute('href')).toBe(
      '#/supervision/7',
    );
    // A message about no order has no link.
    expect(within(items[2]!).queryByTestId('message-link')).toBeNull();
    expect(screen.getByTestId('unread-count').textContent?.trim()).toBe('2 unread');
    // The top bar's badge follows.
    expect(unread.count).toBe(2);
    // One page holds them all: no pager.
    expect(screen.queryByTestId('messages-pager')).toBeNull();
    expect(calls.filter((c) => c.command === 'messages_list').map((c) => c.args)).toEqual([
      { query: { unread_only: false, offset: 0, limit: 20 } },
    ]);
  });

  it('shows the loading state first', () => {
    mockBackend(() => new Promise(() => undefined));
    render(Messages);
    expect(screen.getByTestId('loading').textContent).toContain('Loading your messages');
    expect(screen.queryByTestId('mark-all-read')).toBeNull();
  });

  it('marks a message read when it is opened, and all on request', async () => {
    const calls = mockBackend(fakeSupervision());
    render(Messages);
    const first = await screen.findByTestId('message-3');
    await press(within(first).getByTestId('message-open'));
    await waitFor(() => expect(screen.getByTestId('message-3').dataset.read).toBe('true'));
    expect(reads(calls)).toEqual([
      { ids: [3], query: { unread_only: false, offset: 0, limit: 20 } },
    ]);
    expect(unread.count).toBe(1);
    expect(screen.getByTestId('unread-count').textContent?.trim()).toBe('1 unread');
    expect(words('messages-filter-unread')).toBe('Unread 1');
    // The title read is no longer a button: focus goes on to the next message to open.
    expect(document.activeElement).toBe(
      within(screen.getByTestId('message-2')).getByTestId('message-open'),
    );

    await press(screen.getByTestId('mark-all-read'));
    await waitFor(() => expect(screen.getByTestId('message-2').dataset.read).toBe('true'));
    expect(reads(calls).map((read) => read.ids)).toEqual([[3], []]);
    expect(unread.count).toBe(0);
    expect(screen.getByTestId('unread-count').textContent?.trim()).toBe('All read');
    expect(button('mark-all-read').disabled).toBe(true);
    // Not left on a button turned off.
    expect(document.activeElement).toBe(screen.getByTestId('messages-filter-all'));
  });

  it('leads a message about a subscription to the subscription, not to a flow', async () => {
    const expiring: Message = {
      id: 9,
      kind: 'expiring',
      order_id: 31,
      title: 'Inkwell Headless CMS expires in 7 days',
      body: 'It expires at the end of 8 April 2026. Renew it in Billing Center > Renewals.',
      created_at: '2026-04-01T13:00:00Z',
      read: false,
      link: { to: 'subscription', id: 12 },
    };
    mockBackend(fakeSupervision({ inbox: [expiring] }));
    render(Messages);
    const link = within(await screen.findByTestId('message-9')).getByTestId('message-link');
    expect(link.getAttribute('href')).toBe('#/billing/renewals/12');
    expect(link.textContent).toBe('Subscription of order #31');
  });

  it('marks a message read when its flow is followed', async () => {
    const calls = mockBackend(fakeSupervision());
    render(Messages);
    const second = await screen.findByTestId('message-2');
    await fireEvent.click(within(second).getByTestId('message-link'));
    await waitFor(() =>
      expect(reads(calls)).toEqual([
        { ids: [2], query: { unread_only: false, offset: 0, limit: 20 } },
      ]),
    );
    await waitFor(() => expect(unread.count).toBe(1));
  });

  it('shows a failure to mark read in place, and leaves the list as it was', async () => {
    const inbox = fakeSupervision();
    mockBackend((command, args) => {
      if (command === 'messages_read') {
        throw { code: 'storage', message: 'the data file could not be written' };
      }
      return inbox(command, args);
    });
    render(Messages);
    await fireEvent.click(await screen.findByTestId('mark-all-read'));
    expect((await screen.findByTestId('messages-error')).textContent).toBe(
      'The data file could not be written.',
    );
    expect(screen.getByTestId('message-3').dataset.read).toBe('false');
    expect(ids()).toEqual([3, 2, 1]);
    expect(screen.getByTestId('unread-count').textContent?.trim()).toBe('2 unread');
  });

  it('has an empty state', async () => {
    mockBackend(fakeSupervision({ inbox: [] }));
    render(Messages);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No messages yet');
    expect(screen.queryByTestId('mark-all-read')).toBeNull();
    expect(screen.queryByTestId('messages-filter')).toBeNull();
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    const inbox = fakeSupervision();
    const calls = mockBackend((command, args) => {
      if (fail && command === 'messages_list') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return inbox(command, args);
    });
    render(Messages, { props: { unread: true, offset: 0 } });
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    expect(screen.queryByTestId('mark-all-read')).toBeNull();
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await waitFor(() => expect(ids()).toEqual([3, 2]));
    expect(listed(calls)).toEqual([
      { unread_only: true, offset: 0, limit: 20 },
      { unread_only: true, offset: 0, limit: 20 },
    ]);
  });
});

describe('Messages pages', () => {
  it('moves a page at a time, saying which messages are shown', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(45) }));
    render(Messages, { props: { offset: 0 } });
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 45'));
    expect(ids()[0]).toBe(45);
    expect(screen.getByRole('navigation', { name: 'Messages pages' })).toBe(
      screen.getByTestId('messages-pager'),
    );
    expect(button('messages-previous').disabled).toBe(true);

    await fireEvent.click(button('messages-next'));
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 45'));
    expect(ids()[0]).toBe(25);
    expect(window.location.hash).toBe('#/messages?offset=20');

    await fireEvent.click(button('messages-next'));
    await waitFor(() => expect(ids()).toEqual([5, 4, 3, 2, 1]));
    expect(button('messages-next').disabled).toBe(true);
    expect(window.location.hash).toBe('#/messages?offset=40');

    await fireEvent.click(button('messages-previous'));
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 45'));
    await fireEvent.click(button('messages-previous'));
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 45'));
    // The first page's address has no offset.
    expect(window.location.hash).toBe('#/messages');
    expect(listed(calls)).toEqual(
      [0, 20, 40, 20, 0].map((offset) => ({ unread_only: false, offset, limit: 20 })),
    );
  });

  it('asks for the page the address names, once, whether opened there or moved to', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(45) }));
    const { rerender } = render(Messages, { props: { unread: true, offset: 20 } });
    await waitFor(() => expect(words('messages-range')).toBe('21–22 of 22'));
    expect(pressed('messages-filter-unread')).toBe('true');
    expect(listed(calls)).toEqual([{ unread_only: true, offset: 20, limit: 20 }]);

    // Back to every message from the browser: the screen stays, its props change.
    await rerender({ unread: false, offset: 0 });
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 45'));
    expect(pressed('messages-filter-all')).toBe('true');
    expect(listed(calls)).toHaveLength(2);

    // Next writes the address, which comes back as the props: no second question.
    await fireEvent.click(button('messages-next'));
    await rerender({ unread: false, offset: 20 });
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 45'));
    expect(listed(calls)).toHaveLength(3);
  });

  it('filters the unread ones with their count, from the first page', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(3000) }));
    render(Messages, { props: { offset: 40 } });
    await waitFor(() => expect(words('messages-range')).toBe('41–60 of 3,000'));
    const filters = screen.getByRole('group', { name: 'Show messages' });
    expect(within(filters).getAllByRole('button')).toEqual([
      screen.getByTestId('messages-filter-all'),
      screen.getByTestId('messages-filter-unread'),
    ]);
    expect(pressed('messages-filter-all')).toBe('true');
    expect(pressed('messages-filter-unread')).toBe('false');
    expect(words('messages-filter-unread')).toBe('Unread 1,500');
    expect(words('unread-count')).toBe('1,500 unread');
    expect(unread.count).toBe(1500);

    await fireEvent.click(screen.getByTestId('messages-filter-unread'));
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 1,500'));
    expect(pressed('messages-filter-unread')).toBe('true');
    expect(pressed('messages-filter-all')).toBe('false');
    expect(ids()).toEqual(Array.from({ length: 20 }, (_, index) => 3000 - 2 * index));
    expect(window.location.hash).toBe('#/messages?unread=1');

    await fireEvent.click(button('messages-next'));
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 1,500'));
    expect(window.location.hash).toBe('#/messages?unread=1&offset=20');

    await fireEvent.click(screen.getByTestId('messages-filter-all'));
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 3,000'));
    expect(window.location.hash).toBe('#/messages');
    expect(listed(calls)).toEqual([
      { unread_only: false, offset: 40, limit: 20 },
      { unread_only: true, offset: 0, limit: 20 },
      { unread_only: true, offset: 20, limit: 20 },
      { unread_only: false, offset: 0, limit: 20 },
    ]);
  });

  it('takes an opened message out of the Unread filter, asking for the page it was on', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(100) }));
    render(Messages, { props: { unread: true, offset: 20 } });
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 50'));
    expect(ids()[0]).toBe(60);

    await press(within(screen.getByTestId('message-60')).getByTestId('message-open'));
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 49'));
    expect(reads(calls)).toEqual([
      { ids: [60], query: { unread_only: true, offset: 20, limit: 20 } },
    ]);
    expect(screen.queryByTestId('message-60')).toBeNull();
    expect(ids()[0]).toBe(58);
    expect(unread.count).toBe(49);
    expect(words('messages-filter-unread')).toBe('Unread 49');
    // Focus goes to the message that took its place.
    expect(document.activeElement).toBe(
      within(screen.getByTestId('message-58')).getByTestId('message-open'),
    );
  });

  it('opens the page before when the last unread message of a page is opened', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(42) }));
    render(Messages, { props: { unread: true, offset: 20 } });
    await waitFor(() => expect(ids()).toEqual([2]));
    await fireEvent.click(screen.getByTestId('message-open'));
    await waitFor(() => expect(ids()).toHaveLength(20));
    expect(ids()[0]).toBe(42);
    expect(screen.queryByTestId('messages-pager')).toBeNull();
    expect(window.location.hash).toBe('#/messages?unread=1');
    expect(offsets(calls)).toEqual([20, 0]);
  });

  it('keeps the page moved to when a mark answers late for the page before', async () => {
    const inbox = fakeSupervision({ inbox: many(45) });
    const late = deferred<void>();
    mockBackend(async (command, args) => {
      if (command === 'messages_read') await late.promise;
      return inbox(command, args);
    });
    render(Messages, { props: { offset: 0 } });
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 45'));
    await press(within(screen.getByTestId('message-44')).getByTestId('message-open'));
    await fireEvent.click(button('messages-next'));
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 45'));
    late.resolve();
    await waitFor(() => expect(unread.count).toBe(21));
    expect(words('messages-range')).toBe('21–40 of 45');
    expect(ids()[0]).toBe(25);
    expect(window.location.hash).toBe('#/messages?offset=20');
  });

  it('marks every message read, not only the page, in the All filter', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(45) }));
    render(Messages, { props: { offset: 20 } });
    await waitFor(() => expect(words('messages-range')).toBe('21–40 of 45'));
    await fireEvent.click(screen.getByTestId('mark-all-read'));
    await waitFor(() => expect(words('unread-count')).toBe('All read'));
    expect(reads(calls)).toEqual([
      { ids: [], query: { unread_only: false, offset: 20, limit: 20 } },
    ]);
    expect(screen.queryAllByTestId('message-open')).toEqual([]);
    expect(words('messages-range')).toBe('21–40 of 45');
    expect(unread.count).toBe(0);
    expect(words('messages-filter-unread')).toBe('Unread 0');

    await fireEvent.click(button('messages-previous'));
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 45'));
    expect(screen.queryAllByTestId('message-new')).toEqual([]);
  });

  it('says when no message is unread any more, with the way back to them all', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(45) }));
    render(Messages, { props: { unread: true, offset: 0 } });
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 22'));

    await press(screen.getByTestId('mark-all-read'));
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No unread messages');
    expect(reads(calls)).toEqual([{ ids: [], query: { unread_only: true, offset: 0, limit: 20 } }]);
    expect(unread.count).toBe(0);
    expect(screen.queryByTestId('messages-list')).toBeNull();
    expect(screen.queryByTestId('messages-pager')).toBeNull();
    expect(pressed('messages-filter-unread')).toBe('true');
    expect(words('messages-filter-unread')).toBe('Unread 0');
    expect(button('mark-all-read').disabled).toBe(true);
    // The button pressed is off: focus goes to the way out.
    const showAll = within(empty).getByTestId('messages-show-all');
    expect(showAll.textContent).toBe('Show all messages');
    expect(document.activeElement).toBe(showAll);

    await press(showAll);
    await waitFor(() => expect(words('messages-range')).toBe('1–20 of 45'));
    expect(window.location.hash).toBe('#/messages');
    expect(pressed('messages-filter-all')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('messages-filter-all'));
    expect(listed(calls).at(-1)).toEqual({ unread_only: false, offset: 0, limit: 20 });
  });

  it('marks all read from a later page of the Unread filter, then shows it empty', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(100) }));
    render(Messages, { props: { unread: true, offset: 40 } });
    await waitFor(() => expect(words('messages-range')).toBe('41–50 of 50'));
    await fireEvent.click(screen.getByTestId('mark-all-read'));
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No unread messages');
    expect(reads(calls)).toEqual([
      { ids: [], query: { unread_only: true, offset: 40, limit: 20 } },
    ]);
    // The page marked from is past the end now: the first one is asked for instead.
    expect(offsets(calls)).toEqual([40, 0]);
    expect(window.location.hash).toBe('#/messages?unread=1');
  });

  it('opens the last page for an offset past the end', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: many(25) }));
    render(Messages, { props: { offset: 60 } });
    await waitFor(() => expect(ids()).toEqual([5, 4, 3, 2, 1]));
    expect(offsets(calls)).toEqual([60, 20]);
    expect(words('messages-range')).toBe('21–25 of 25');
    expect(window.location.hash).toBe('#/messages?offset=20');
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });

  it('opens the empty first page for an offset when there are no messages at all', async () => {
    const calls = mockBackend(fakeSupervision({ inbox: [] }));
    render(Messages, { props: { offset: 40 } });
    await waitFor(() =>
      expect(screen.getByTestId('empty-state').textContent).toContain('No messages yet'),
    );
    expect(offsets(calls)).toEqual([40, 0]);
    expect(window.location.hash).toBe('#/messages');
  });
});
