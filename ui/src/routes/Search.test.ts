import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type SearchFilters } from '../lib/router/route';
import type { ProductSummary, SearchResults } from '../lib/api';
import { fakeCatalog, mysqlImage, products } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import { stubViewport } from '../lib/testing/viewport';
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

/** What a filter value reads: its link's text and the count beside it. */
const rowText = (link: HTMLElement) => {
  const next = link.nextElementSibling;
  return `${link.textContent}${next?.classList.contains('count') ? next.textContent : ''}`;
};

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
    const query = {
      text: null,
      category: 'business',
      sub_category: 'crm',
      delivery: 'saas',
      billing: 'yearly_monthly',
      seller: null,
      supervised: null,
      operating_system: null,
      min_price: null,
      max_price: null,
      sort: null,
    };
    // The results first, on their own; then the counts for the same filters.
    expect(calls.find((call) => call.command === 'catalog_search')?.args).toEqual({
      query: { ...query, facets: null, limit: 50, offset: 0 },
    });
    await waitFor(() =>
      expect(calls.filter((call) => call.command === 'catalog_search')[1]?.args).toEqual({
        query: { ...query, facets: true, limit: 1, offset: null },
      }),
    );

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
      'Developer tools — 2 products',
    );
    expect(screen.queryByTestId('filter-sub-category-crm')).toBeNull();
    expect(screen.getByTestId('filter-delivery-saas').getAttribute('href')).toBe(
      '#/search?category=developer-tools&delivery=saas',
    );
    // Counts are given the category: no developer tool is sold by the hour.
    await waitFor(() =>
      expect(rowText(screen.getByTestId('filter-billing-yearly_monthly'))).toBe(
        'Yearly/Monthly (2)',
      ),
    );
    expect(screen.queryByTestId('filter-billing-pay_per_use')).toBeNull();
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

  it('hides the filters that would all leave nothing, keeping a chosen one', async () => {
    mockBackend();
    open({ q: 'xyz', delivery: 'hardware' });
    await screen.findByTestId('empty-state');
    const panel = screen.getByTestId('filter-panel');
    await waitFor(() => expect(panel.getAttribute('aria-busy')).toBe('false'));
    expect(within(panel).queryByRole('heading', { name: 'Billing mode' })).toBeNull();
    expect(within(panel).queryByRole('heading', { name: 'Service supervision' })).toBeNull();
    expect(rowText(within(panel).getByTestId('filter-delivery-hardware'))).toBe('Hardware (0)');
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

  it('shows the category page: its name, its count and its sub-categories as quick chips', async () => {
    mockBackend();
    open({ category: 'business' });
    const quick = await screen.findByTestId('sub-category-chips');
    expect(screen.getByTestId('results-summary').textContent?.trim()).toBe(
      'Business software — 2 products',
    );
    const chips = () => within(quick).getAllByTestId('sub-category-chip');
    await waitFor(() =>
      expect(chips().map((chip) => chip.textContent)).toEqual(['Business intelligence1', 'CRM1']),
    );
    expect(chips()[1]?.getAttribute('href')).toBe('#/search?category=business&sub_category=crm');
  });
});

const catalogSearches = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((call) => call.command === 'catalog_search');

describe('Search filter panel', () => {
  it('shows a count per value, hiding values that would leave nothing', async () => {
    const calls = mockBackend();
    open({});
    const panel = await screen.findByTestId('filter-panel');
    await waitFor(() =>
      expect(rowText(within(panel).getByTestId('filter-category-business'))).toBe(
        'Business software (2)',
      ),
    );
    // The link itself is named by the value alone; its count stands beside it.
    expect(within(panel).getByTestId('filter-category-business').textContent).toBe(
      'Business software',
    );
    expect(rowText(within(panel).getByTestId('filter-delivery-image'))).toBe('Image (1)');
    expect(rowText(within(panel).getByTestId('filter-billing-yearly_monthly'))).toBe(
      'Yearly/Monthly (8)',
    );
    expect(within(panel).queryByTestId('filter-delivery-hardware')).toBeNull();
    expect(rowText(within(panel).getByTestId('filter-supervised-true'))).toBe('Supervised (3)');
    expect(rowText(within(panel).getByTestId('filter-supervised-false'))).toBe(
      'Not supervised (5)',
    );
    expect(rowText(within(panel).getByTestId('filter-seller-bridgeworks'))).toBe(
      'BridgeWorks Consulting (2)',
    );
    // Images are among the results: their operating systems can be chosen.
    expect(within(panel).getByTestId('filter-os').textContent).toContain(
      'Ubuntu 22.04 LTS 64-bit (1)',
    );
    expect(catalogSearches(calls)[0]?.args).toMatchObject({ query: { facets: null } });
    expect(catalogSearches(calls)[1]?.args).toMatchObject({ query: { facets: true } });
  });

  it('keeps a chosen value with no results in view, with its zero count', async () => {
    mockBackend();
    open({ delivery: 'hardware' });
    const hardware = await screen.findByTestId('filter-delivery-hardware');
    await waitFor(() => expect(rowText(hardware)).toBe('Hardware (0)'));
    expect(hardware.getAttribute('aria-current')).toBe('true');
  });

  it('offers operating systems only when images are among the results', async () => {
    mockBackend();
    open({ q: 'orbit' });
    await screen.findByTestId('search-results');
    await screen.findByTestId('filter-seller-orbit-soft');
    expect(screen.queryByTestId('filter-os')).toBeNull();
  });

  it('without counts from the backend, offers the usual values without numbers', async () => {
    const catalog = fakeCatalog();
    mockBackend((command, args) => {
      const answer = catalog(command, args);
      return command === 'catalog_search' ? { ...(answer as SearchResults), facets: null } : answer;
    });
    open({});
    await screen.findByTestId('search-results');
    await screen.findByTestId('filter-category-business');
    expect(rowText(screen.getByTestId('filter-category-business'))).toBe('Business software');
    expect(rowText(screen.getByTestId('filter-delivery-hardware'))).toBe('Hardware');
    expect(rowText(screen.getByTestId('filter-supervised-true'))).toBe('Supervised');
    expect(screen.queryByTestId('filter-seller')).toBeNull();
    expect(screen.queryByTestId('filter-os')).toBeNull();
  });

  it('lists the ten sellers with most products, and all on request', async () => {
    const sellers: ProductSummary[] = Array.from({ length: 13 }, (_, s) =>
      Array.from({ length: 13 - s }, (_, p) => ({
        ...mysqlImage,
        id: `p-${s}-${p}`,
        seller_id: `seller-${s + 1}`,
        seller: `Seller ${s + 1}`,
      })),
    ).flat();
    mockBackend(fakeCatalog(sellers));
    open({});
    const section = await screen.findByTestId('filter-seller');
    await within(section).findByTestId('filter-seller-seller-1');
    const shown = () =>
      within(section)
        .getAllByRole('link')
        .map((link) => rowText(link));
    expect(shown()).toHaveLength(11);
    expect(shown().slice(0, 3)).toEqual(['Any', 'Seller 1 (13)', 'Seller 2 (12)']);
    expect(shown().at(-1)).toBe('Seller 10 (4)');
    const toggle = within(section).getByTestId('sellers-toggle');
    expect(toggle.textContent?.trim()).toBe('Show all 13 sellers');
    await fireEvent.click(toggle);
    expect(shown()).toHaveLength(14);
    expect(shown().at(-1)).toBe('Seller 13 (1)');
  });

  it('shows every active filter as a chip; removing one or all keeps the text and order', async () => {
    mockBackend();
    open({
      q: 'mysql',
      seller: 'dataforge',
      supervised: false,
      operating_system: 'Ubuntu 22.04 LTS 64-bit',
      min_price: '10',
      max_price: '99.5',
      sort: 'price_asc',
    });
    await screen.findByRole('button', { name: 'Remove filter: DataForge Systems' });
    const chips = screen.getAllByTestId('active-filter').map((chip) => chip.textContent?.trim());
    expect(chips).toEqual([
      'DataForge Systems×',
      'Not supervised×',
      'Ubuntu 22.04 LTS 64-bit×',
      '$10.00–$99.50 / month×',
    ]);
    await fireEvent.click(
      screen.getByRole('button', { name: 'Remove filter: $10.00–$99.50 / month' }),
    );
    expect(window.location.hash).toBe(
      '#/search?q=mysql&seller=dataforge&supervised=false&os=Ubuntu+22.04+LTS+64-bit&sort=price_asc',
    );
    await fireEvent.click(screen.getByTestId('clear-all'));
    expect(window.location.hash).toBe('#/search?q=mysql&sort=price_asc');
  });
});

describe('Search price range', () => {
  async function typePrice(testId: 'price-min' | 'price-max', value: string) {
    const input = screen.getByTestId(testId) as HTMLInputElement;
    await fireEvent.input(input, { target: { value } });
    await fireEvent.blur(input);
  }

  it.each([
    ['-5', 'Enter an amount of 0 or more.'],
    ['1.234', 'Enter an amount like 10 or 9.99 (at most 2 decimals).'],
    ['ten', 'Enter an amount like 10 or 9.99 (at most 2 decimals).'],
  ])('refuses %j with a message and leaves the URL alone', async (value, message) => {
    mockBackend();
    window.location.hash = '#/search?q=crm';
    open({ q: 'crm' });
    await screen.findByTestId('search-results');
    await typePrice('price-min', value);
    expect(screen.getByTestId('price-error').textContent?.trim()).toBe(message);
    expect(screen.getByTestId('price-min').getAttribute('aria-invalid')).toBe('true');
    expect(window.location.hash).toBe('#/search?q=crm');
  });

  it('refuses a range whose start is above its end', async () => {
    mockBackend();
    open({ max_price: '20' });
    await screen.findByTestId('search-results');
    await typePrice('price-min', '100');
    expect(screen.getByTestId('price-error').textContent?.trim()).toBe(
      '“From” must not be more than “to”.',
    );
    expect(window.location.hash).toBe('');
  });

  it('applies valid bounds on blur and on Enter', async () => {
    mockBackend();
    open({});
    await screen.findByTestId('search-results');
    await typePrice('price-min', '10');
    expect(window.location.hash).toBe('#/search?min_price=10');
    expect(screen.queryByTestId('price-error')).toBeNull();

    const max = screen.getByTestId('price-max') as HTMLInputElement;
    await fireEvent.input(max, { target: { value: '49.90' } });
    await fireEvent.submit(max.form!);
    expect(window.location.hash).toBe('#/search?min_price=10&max_price=49.90');
  });

  it('sends the bounds and shows the input from the URL', async () => {
    const calls = mockBackend();
    open({ min_price: '5', max_price: '30' });
    await screen.findByTestId('search-results');
    expect(catalogSearches(calls)[0]?.args).toMatchObject({
      query: { min_price: '5', max_price: '30' },
    });
    expect((screen.getByTestId('price-min') as HTMLInputElement).value).toBe('5');
    expect((screen.getByTestId('price-max') as HTMLInputElement).value).toBe('30');
    const names = within(screen.getByTestId('search-results'))
      .getAllByTestId('product-card-name')
      .map((name) => name.textContent);
    // $8 / user / month, $29 / month, $15 / month; not $4, nor $1,200 a year.
    expect(names).toEqual(['Orbit CRM', 'VaultKeeper Backup Server', 'Insight Dashboards']);
  });
});

describe('Search sort order', () => {
  const options = () =>
    within(screen.getByTestId('sort'))
      .getAllByRole('option')
      .map((option) => option.textContent);

  it('offers relevance only when there is text', async () => {
    mockBackend();
    const { unmount } = open({});
    await screen.findByTestId('search-results');
    expect(options()).toEqual([
      'Most popular',
      'Price: low to high',
      'Price: high to low',
      'Newest',
    ]);
    expect((screen.getByTestId('sort') as HTMLSelectElement).value).toBe('popularity');
    unmount();

    open({ q: 'orbit' });
    await screen.findByTestId('search-results');
    expect(options()[0]).toBe('Relevance');
    expect((screen.getByTestId('sort') as HTMLSelectElement).value).toBe('relevance');
  });

  it('puts the chosen order in the URL and sends it', async () => {
    const calls = mockBackend();
    open({});
    await screen.findByTestId('search-results');
    const select = screen.getByTestId('sort') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'price_asc' } });
    expect(window.location.hash).toBe('#/search?sort=price_asc');

    open({ sort: 'price_desc' });
    await waitFor(() =>
      expect(catalogSearches(calls).at(-1)?.args).toMatchObject({ query: { sort: 'price_desc' } }),
    );
  });
});

describe('Search with no results', () => {
  it('suggests near spellings, a way to clear the filters and to ask for the product', async () => {
    mockBackend();
    open({ q: 'mysqk', delivery: 'image' });
    const empty = await screen.findByTestId('empty-state');
    const suggestions = within(empty).getByTestId('suggestions');
    expect(suggestions.textContent?.replace(/\s+/g, ' ').trim()).toBe('Did you mean: mysql?');
    expect(within(suggestions).getByTestId('suggestion').getAttribute('href')).toBe(
      '#/search?q=mysql&delivery=image',
    );
    const request = within(empty).getByTestId('request-product');
    expect(request.textContent).toBe('Tell us what you need');
    expect(request.getAttribute('href')).toBe('#/requirements/new?q=mysqk');
    await fireEvent.click(within(empty).getByTestId('clear-filters'));
    expect(window.location.hash).toBe('#/search?q=mysqk');
  });

  it('offers the request form without text too, and no suggestions', async () => {
    mockBackend();
    open({ delivery: 'hardware' });
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).queryByTestId('suggestions')).toBeNull();
    expect(within(empty).getByTestId('request-product').getAttribute('href')).toBe(
      '#/requirements/new',
    );
  });
});
