import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type SearchFilters } from '../lib/router/route';
import { fakeCatalog, manyProducts, products } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Search from './Search.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const open = (filters: Partial<SearchFilters>) =>
  render(Search, { props: { filters: { ...EMPTY_FILTERS, ...filters } } });

describe('Search', () => {
  it('lists the results with the total and the text', async () => {
    mockBackend();
    open({ q: 'orbit' });
    const results = await screen.findByTestId('search-results');
    const names = within(results)
      .getAllByTestId('product-card-name')
      .map((name) => name.textContent);
    expect(names).toEqual(['Orbit CRM', 'Insight Dashboards']);
    expect(screen.getByTestId('results-summary').textContent).toBe('2 results for “orbit”');
    expect((screen.getByTestId('search-input') as HTMLInputElement).value).toBe('orbit');
  });

  it('sends the filters and shows them as removable chips with readable labels', async () => {
    const calls = mockBackend();
    open({
      category: 'business',
      sub_category: 'crm',
      delivery: 'saas',
      billing: 'yearly_monthly',
    });
    await screen.findByTestId('search-results');
    expect(calls.find((call) => call.command === 'catalog_search')?.args).toEqual({
      query: {
        text: null,
        category: 'business',
        sub_category: 'crm',
        delivery: 'saas',
        billing: 'yearly_monthly',
        limit: 50,
        offset: 0,
      },
    });

    // Category names come from the catalog, once it has answered.
    await screen.findByRole('button', { name: 'Remove filter: Business software' });
    const chips = screen.getAllByTestId('active-filter').map((chip) => chip.textContent?.trim());
    expect(chips).toEqual(['Business software×', 'CRM×', 'SaaS×', 'Yearly/Monthly×']);

    await fireEvent.click(screen.getByRole('button', { name: 'Remove filter: SaaS' }));
    expect(window.location.hash).toBe(
      '#/search?category=business&sub_category=crm&billing=yearly_monthly',
    );
  });

  it('offers the sub-categories of the chosen category only', async () => {
    mockBackend();
    open({ category: 'developer-tools' });
    await screen.findByTestId('filter-sub-category-source-control');
    expect(screen.getByTestId('results-summary').textContent?.trim()).toBe(
      '2 products in Developer tools',
    );
    expect(screen.queryByTestId('filter-sub-category-crm')).toBeNull();
    expect(screen.getByTestId('filter-delivery-saas').getAttribute('href')).toBe(
      '#/search?category=developer-tools&delivery=saas',
    );
    expect(screen.getByTestId('filter-billing-pay_per_use').textContent).toBe('Pay-per-use');
  });

  it('shows an empty state for zero results, with a way out', async () => {
    mockBackend();
    open({ q: 'xyz', delivery: 'hardware' });
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No products match “xyz”.');
    expect(empty.textContent).toContain('Try fewer words or clear the filters.');
    await fireEvent.click(within(empty).getByTestId('clear-filters'));
    expect(window.location.hash).toBe('#/search?q=xyz');
  });

  it('pages with "Show more"', async () => {
    const calls = mockBackend(fakeCatalog(manyProducts(75)));
    open({});
    const results = await screen.findByTestId('search-results');
    expect(within(results).getAllByTestId('product-card')).toHaveLength(50);
    expect(screen.getByTestId('results-shown').textContent).toMatch(/Showing 50 of\s+75/);

    await fireEvent.click(screen.getByTestId('show-more'));
    await screen.findByText(/Showing 75 of\s+75/);
    expect(within(results).getAllByTestId('product-card')).toHaveLength(75);
    expect(calls.filter((call) => call.command === 'catalog_search').at(-1)?.args).toMatchObject({
      query: { offset: 50, limit: 50 },
    });
    expect(screen.queryByTestId('show-more')).toBeNull();
  });

  it('shows the error message, and Retry searches again', async () => {
    let failed = false;
    const catalog = fakeCatalog();
    const calls = mockBackend((command, args) => {
      if (command === 'catalog_search' && !failed) {
        failed = true;
        throw { code: 'invalid_input', message: 'The search text is too long.' };
      }
      return catalog(command, args);
    });
    open({ q: 'crm' });
    const error = await screen.findByTestId('error-state');
    expect(error.textContent).toContain('The search text is too long.');
    await fireEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('search-results');
    expect(calls.filter((call) => call.command === 'catalog_search')).toHaveLength(2);
    expect(screen.getAllByTestId('product-card-name')[0]?.textContent).toBe(products[1]?.name);
  });
});
