import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { HourlyCharge, PageRequest } from '../lib/api';
import { fakeCloud, hourlyCharges } from '../lib/testing/fixtures';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import Bills from './Bills.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

/** `count` hourly charges of one ECS, newest first, ids from `count` down to 1. */
const many = (count: number): HourlyCharge[] =>
  Array.from({ length: count }, (_, index) => {
    const id = count - index;
    return {
      ...hourlyCharges[1]!,
      id,
      label: `ECS s6.large.2, hour ${id}`,
      block_start: new Date(Date.UTC(2026, 10, 25, 0) + id * 3_600_000).toISOString(),
      status: 'paid',
    };
  });

/** The pages Bills asked the backend for, in order. */
const asked = (calls: IpcCall[]) =>
  calls
    .filter((call) => call.command === 'bills_list')
    .map((call) => (call.args as { page: PageRequest }).page);
const labels = () =>
  screen.queryAllByTestId('bill-row').map((row) => row.querySelector('.label')?.textContent);
const words = (testid: string) =>
  screen.getByTestId(testid).textContent?.replace(/\s+/g, ' ').trim();
const previous = () => screen.getByTestId('bills-previous') as HTMLButtonElement;
const next = () => screen.getByTestId('bills-next') as HTMLButtonElement;

describe('Billing Center > Hourly bills, a page at a time', () => {
  it('shows the first 20 charges, newest first, and says how many there are', async () => {
    const calls = mockBackend(fakeCloud({ charges: many(45) }));
    render(Bills);
    await screen.findByTestId('bills-table');
    expect(asked(calls)).toEqual([{ offset: 0, limit: 20 }]);
    expect(labels()).toHaveLength(20);
    expect(labels()[0]).toBe('ECS s6.large.2, hour 45');
    expect(labels()[19]).toBe('ECS s6.large.2, hour 26');
    expect(words('bills-range')).toBe('1–20 of 45');
    expect(previous().disabled).toBe(true);
    expect(next().disabled).toBe(false);
    expect(screen.getByRole('navigation', { name: 'Hourly charges pages' })).toBeTruthy();
  });

  it('moves a page at a time and writes the page in the address', async () => {
    const calls = mockBackend(fakeCloud({ charges: many(45) }));
    render(Bills);
    await screen.findByTestId('bills-range');

    await fireEvent.click(next());
    await waitFor(() => expect(words('bills-range')).toBe('21–40 of 45'));
    expect(asked(calls).at(-1)).toEqual({ offset: 20, limit: 20 });
    expect(window.location.hash).toBe('#/billing/bills?offset=20');
    expect(labels()[0]).toBe('ECS s6.large.2, hour 25');

    await fireEvent.click(next());
    await waitFor(() => expect(words('bills-range')).toBe('41–45 of 45'));
    expect(labels()).toHaveLength(5);
    expect(next().disabled).toBe(true);
    expect(document.activeElement).toBe(previous());

    await fireEvent.click(previous());
    await waitFor(() => expect(words('bills-range')).toBe('21–40 of 45'));
    expect(window.location.hash).toBe('#/billing/bills?offset=20');
    await fireEvent.click(previous());
    await waitFor(() => expect(words('bills-range')).toBe('1–20 of 45'));
    expect(window.location.hash).toBe('#/billing/bills');
    expect(asked(calls).map((page) => page.offset)).toEqual([0, 20, 40, 20, 0]);
  });

  it('opens the page of its address, and follows the address without opening again', async () => {
    const calls = mockBackend(fakeCloud({ charges: many(45) }));
    const { rerender } = render(Bills, { props: { offset: 20 } });
    await waitFor(() => expect(words('bills-range')).toBe('21–40 of 45'));
    expect(asked(calls)).toEqual([{ offset: 20, limit: 20 }]);

    // Back or forward changes only the offset: the screen stays and asks for that page.
    await rerender({ offset: 40 });
    await waitFor(() => expect(words('bills-range')).toBe('41–45 of 45'));
    expect(asked(calls)).toEqual([
      { offset: 20, limit: 20 },
      { offset: 40, limit: 20 },
    ]);
  });

  it('opens the last page for an offset past the end, replacing the address', async () => {
    const calls = mockBackend(fakeCloud({ charges: many(25) }));
    window.location.hash = '#/billing/bills?offset=80';
    const length = window.history.length;
    render(Bills, { props: { offset: 80 } });
    await waitFor(() => expect(words('bills-range')).toBe('21–25 of 25'));
    expect(asked(calls).map((page) => page.offset)).toEqual([80, 20]);
    expect(labels()).toHaveLength(5);
    expect(window.location.hash).toBe('#/billing/bills?offset=20');
    expect(window.history.length).toBe(length);
  });

  it('has no pager when one page holds them all', async () => {
    mockBackend(fakeCloud({ charges: many(20) }));
    render(Bills);
    await screen.findByTestId('bills-table');
    expect(labels()).toHaveLength(20);
    expect(screen.queryByTestId('bills-pager')).toBeNull();
  });

  it('shows the loading state first', () => {
    mockBackend(() => new Promise(() => undefined));
    render(Bills);
    expect(screen.getByTestId('loading')).toBeTruthy();
  });

  it('has an empty state when nothing was billed', async () => {
    mockBackend(fakeCloud({ charges: [] }));
    render(Bills);
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'No hourly charges yet',
    );
    expect(screen.queryByTestId('bills-table')).toBeNull();
    expect(screen.queryByTestId('bills-pager')).toBeNull();
  });

  it('has an error state whose Retry asks for the same page again', async () => {
    let fail = true;
    const answer = fakeCloud({ charges: many(45) });
    const calls = mockBackend((command, args) => {
      if (fail && command === 'bills_list') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return answer(command, args);
    });
    render(Bills, { props: { offset: 20 } });
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await waitFor(() => expect(words('bills-range')).toBe('21–40 of 45'));
    expect(asked(calls)).toEqual([
      { offset: 20, limit: 20 },
      { offset: 20, limit: 20 },
    ]);
  });
});
