import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiError, OrdersQuery } from '../lib/api';
import { formatInstant } from '../lib/util/time';
import { buyerAppeal, sellerAppeal } from '../lib/operations/fixtures';
import { crmOrder, ordersPageOf } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Appeals from './Appeals.svelte';
import Operations from './Operations.svelte';

const storageError: ApiError = { code: 'storage', message: 'the data file could not be read' };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  clearMocks();
});

describe('Operations > Appeals', () => {
  it('R-SUP-5: lists every open appeal, the oldest first, with its case age and parties', async () => {
    mockBackend((command) => (command === 'appeals_list' ? [buyerAppeal, sellerAppeal] : []));
    render(Appeals);
    const table = await screen.findByTestId('appeals-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.testid)).toEqual(['appeal-row-3', 'appeal-row-9']);
    expect(screen.getByTestId('appeal-count').textContent).toContain('2 open appeals');

    const oldest = screen.getByTestId('appeal-row-3');
    expect(within(oldest).getByTestId('appeal-age').textContent.trim()).toBe('2 days 4 h');
    expect(within(oldest).getByTestId('appeal-appellant').textContent).toBe(
      'Buyer · Acme Retail (prepaid)',
    );
    const cells = within(oldest)
      .getAllByRole('cell')
      .map((td) => td.textContent.trim());
    expect(cells).toEqual([
      '#3',
      '2 days 4 h',
      'Buyer · Acme Retail (prepaid)',
      expect.stringContaining('Vault Backup License'),
      'Acme Retail (prepaid)',
      'Orbit Software',
      '$1,200.00',
      formatInstant('2026-03-08T07:30:00Z'),
    ]);
    expect(within(oldest).getByRole('link').getAttribute('href')).toBe('#/supervision/3');

    const newest = screen.getByTestId('appeal-row-9');
    expect(within(newest).getByTestId('appeal-age').textContent.trim()).toBe('2 h 45 min');
    expect(within(newest).getByTestId('appeal-appellant').textContent).toBe(
      'Seller · Orbit Software',
    );
    expect(within(newest).getByRole('link').getAttribute('href')).toBe('#/supervision/9');
  });

  it('has an empty state', async () => {
    mockBackend(() => []);
    render(Appeals);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No open appeals');
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    mockBackend(() => {
      if (fail) throw storageError;
      return [buyerAppeal];
    });
    render(Appeals);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    expect(await screen.findByTestId('appeal-row-3')).toBeTruthy();
  });
});

describe('Operations', () => {
  /** Operations' backend: one completed order, no laptop, and `appeals` for the open appeals. */
  function operations(appeals: () => unknown) {
    return mockBackend((command, args) => {
      if (command === 'appeals_list') return appeals();
      if (command === 'orders_all') return ordersPageOf([crmOrder], args.query as OrdersQuery);
      return [];
    });
  }

  it('counts the open appeals and links to them', async () => {
    operations(() => [buyerAppeal, sellerAppeal]);
    render(Operations);
    await waitFor(() =>
      expect(screen.getByTestId('appeals-count').textContent.trim()).toBe(
        '2 open appeals, the oldest opened 2 days 4 h ago',
      ),
    );
    expect(screen.getByTestId('appeals-link').getAttribute('href')).toBe('#/operations/appeals');
    expect(screen.getByRole('link', { name: 'Appeals' }).getAttribute('href')).toBe(
      '#/operations/appeals',
    );
    expect(screen.getByTestId('order-counts').textContent).toBe('1 order: 1 completed');
  });

  it('says when no appeal is open', async () => {
    operations(() => []);
    render(Operations);
    await waitFor(() =>
      expect(screen.getByTestId('appeals-count').textContent.trim()).toBe('No open appeals'),
    );
  });

  it('keeps the orders when the appeals cannot be counted, and counts them on Retry', async () => {
    let fail = true;
    operations(() => {
      if (fail) throw storageError;
      return [sellerAppeal];
    });
    render(Operations);
    expect((await screen.findByTestId('appeals-summary')).textContent).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('appeals-summary').textContent).toContain(
        'The appeals could not be counted: The data file could not be read.',
      ),
    );
    expect(screen.getByTestId('order-counts').textContent).toBe('1 order: 1 completed');
    fail = false;
    await fireEvent.click(screen.getByTestId('appeals-retry'));
    await waitFor(() =>
      expect(screen.getByTestId('appeals-count').textContent.trim()).toBe(
        '1 open appeal, opened 2 h 45 min ago',
      ),
    );
  });
});
