import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { unread } from '../lib/messages/unread.svelte';
import { localTime } from '../lib/supervision/format';
import { fakeSupervision, messages } from '../lib/supervision/testing';
import { mockBackend } from '../lib/testing/ipc';
import Messages from './Messages.svelte';

afterEach(() => {
  clearMocks();
  unread.set(0);
});

const reads = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.command === 'messages_read').map((c) => c.args.ids);

describe('Messages', () => {
  it('lists the messages newest first, the unread ones marked, with a link to their flow', async () => {
    mockBackend(fakeSupervision());
    render(Messages);
    const list = await screen.findByTestId('messages-list');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.dataset.testid)).toEqual(['message-3', 'message-2', 'message-1']);
    expect(items.map((i) => i.dataset.read)).toEqual(['false', 'false', 'true']);
    expect(within(items[0]!).getByTestId('message-new').textContent).toBe('New');
    expect(within(items[2]!).queryByTestId('message-new')).toBeNull();
    expect(items[0]!.textContent).toContain(messages[0]!.title);
    expect(items[0]!.textContent).toContain(localTime(messages[0]!.created_at));
    expect(within(items[0]!).getByTestId('message-flow-link').getAttribute('href')).toBe(
      '#/supervision/7',
    );
    // A message about no order has no link.
    expect(within(items[2]!).queryByTestId('message-flow-link')).toBeNull();
    expect(screen.getByTestId('unread-count').textContent?.trim()).toBe('2 unread');
    // The top bar's badge follows.
    expect(unread.count).toBe(2);
  });

  it('marks a message read when it is opened, and all on request', async () => {
    const calls = mockBackend(fakeSupervision());
    render(Messages);
    const first = await screen.findByTestId('message-3');
    await fireEvent.click(within(first).getByTestId('message-open'));
    await waitFor(() => expect(screen.getByTestId('message-3').dataset.read).toBe('true'));
    expect(reads(calls)).toEqual([[3]]);
    expect(unread.count).toBe(1);
    expect(screen.getByTestId('unread-count').textContent?.trim()).toBe('1 unread');

    await fireEvent.click(screen.getByTestId('mark-all-read'));
    await waitFor(() => expect(screen.getByTestId('message-2').dataset.read).toBe('true'));
    expect(reads(calls)).toEqual([[3], []]);
    expect(unread.count).toBe(0);
    expect((screen.getByTestId('mark-all-read') as HTMLButtonElement).disabled).toBe(true);
  });

  it('marks a message read when its flow is followed', async () => {
    const calls = mockBackend(fakeSupervision());
    render(Messages);
    const second = await screen.findByTestId('message-2');
    await fireEvent.click(within(second).getByTestId('message-flow-link'));
    await waitFor(() => expect(reads(calls)).toEqual([[2]]));
  });

  it('shows a failure to mark read in place', async () => {
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
  });

  it('has an empty state', async () => {
    mockBackend(fakeSupervision({ inbox: [] }));
    render(Messages);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No messages yet');
    expect(screen.queryByTestId('mark-all-read')).toBeNull();
  });

  it('has an error state', async () => {
    mockBackend(() => {
      throw { code: 'storage', message: 'the data file could not be read' };
    });
    render(Messages);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
  });
});
