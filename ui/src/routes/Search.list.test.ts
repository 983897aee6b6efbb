/**
 * The search's results list at any size: a constant number of rows for 100,000 results, pages
 * fetched by offset, every row a link to its product, and the keyboard's focus kept while the
 * list scrolls. The screen's filters, sorting and empty states are in `Search.test.ts`.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type SearchFilters } from '../lib/router/route';
import { generatedProduct, hugeCatalog } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import { scrollElement, stubViewport } from '../lib/testing/viewport';
import Search from './Search.svelte';

let restoreViewport: () => void;

beforeEach(() => {
  restoreViewport = stubViewport();
});

afterEach(() => {
  clearMocks();
  restoreViewport();
  window.location.hash = '';
});

const open = (filters: Partial<SearchFilters>) =>
  render(Search, { props: { filters: { ...EMPTY_FILTERS, ...filters } } });

const catalogSearches = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((call) => call.command === 'catalog_search');

describe('Search results list', () => {
  it('keeps a constant number of rows for 100,000 results, fetching pages by offset', async () => {
    const calls = mockBackend(hugeCatalog(100_000));
    open({});
    const list = await screen.findByTestId('search-results');
    await waitFor(() =>
      expect(within(list).getAllByTestId('product-card').length).toBeGreaterThan(0),
    );
    expect(screen.getByTestId('results-summary').textContent).toBe('100,000 products');
    const rows = list.querySelectorAll('li').length;
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(20);
    expect(list.querySelector('li')?.getAttribute('aria-setsize')).toBe('100000');

    // Far down: rows there ask for their page, by its offset, and nothing in between.
    scrollElement(list, 90_010 * 168);
    await waitFor(() =>
      expect(
        within(list)
          .getAllByTestId('product-card-name')
          .map((name) => name.textContent),
      ).toContain(generatedProduct(90_010).name),
    );
    // The same handful of rows (a few more than at the top: the buffer above is not empty).
    const rowsFar = list.querySelectorAll('li').length;
    expect(rowsFar).toBeLessThanOrEqual(rows + 4);
    const offsets = catalogSearches(calls).map(
      (call) => (call.args.query as { offset: number }).offset,
    );
    expect(offsets).toEqual([0, 90_000]);
    expect(catalogSearches(calls)[1]?.args).toMatchObject({ query: { limit: 50 } });

    // Halfway through a page boundary: the next page is fetched too, once.
    scrollElement(list, 90_047 * 168);
    await waitFor(() =>
      expect(
        within(list)
          .getAllByTestId('product-card-name')
          .map((name) => name.textContent),
      ).toContain(generatedProduct(90_050).name),
    );
    expect(
      catalogSearches(calls).map((call) => (call.args.query as { offset: number }).offset),
    ).toEqual([0, 90_000, 90_050]);
    expect(list.querySelectorAll('li').length).toBe(rowsFar);
  });

  it('links every row to its product', async () => {
    mockBackend();
    open({ q: 'orbit' });
    const list = await screen.findByTestId('search-results');
    const links = within(list).getAllByTestId('product-card-name');
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      '#/products/orbit-crm',
      '#/products/insight-dashboards',
    ]);
  });

  it('keeps the focused row while the list scrolls, so keyboard focus is not lost', async () => {
    mockBackend(hugeCatalog(100_000));
    open({});
    const list = await screen.findByTestId('search-results');
    const link = (await within(list).findAllByTestId('product-card-name'))[0]!;
    link.focus();
    await fireEvent.focusIn(link);
    scrollElement(list, 50_010 * 168);
    await waitFor(() =>
      expect(
        within(list)
          .getAllByTestId('product-card-name')
          .map((name) => name.textContent),
      ).toContain(generatedProduct(50_010).name),
    );
    expect(link.isConnected).toBe(true);
    expect(document.activeElement).toBe(link);
  });
});
