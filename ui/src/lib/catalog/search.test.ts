import { describe, expect, it, vi } from 'vitest';
import { ApiFailure, type SearchQuery, type SearchResults } from '../api';
import { EMPTY_FILTERS } from '../router/route';
import { deferred } from '../testing/ipc';
import { manyProducts, products, searchIn } from '../testing/fixtures';
import { PAGE_SIZE, queryOf, SearchResultList } from './search.svelte';

const filters = (q: string) => ({ ...EMPTY_FILTERS, q });

describe('queryOf', () => {
  it('sends no text for an empty search', () => {
    expect(queryOf(filters('  '))).toMatchObject({ text: null });
    expect(queryOf({ ...filters(' crm '), delivery: 'saas' })).toMatchObject({
      text: 'crm',
      delivery: 'saas',
      category: null,
    });
  });
});

describe('SearchResultList', () => {
  it('loads the first page of 50', async () => {
    const catalog = manyProducts(120);
    const search = vi.fn(async (query: Partial<SearchQuery>) =>
      searchIn(catalog, { ...queryOf(EMPTY_FILTERS), ...query } as SearchQuery),
    );
    const results = new SearchResultList(search);
    expect(results.status).toBe('loading');
    await results.run(EMPTY_FILTERS);
    expect(search).toHaveBeenCalledWith(expect.objectContaining({ limit: PAGE_SIZE, offset: 0 }));
    expect(results.status).toBe('ready');
    expect(results.items).toHaveLength(50);
    expect(results.total).toBe(120);
    expect(results.hasMore).toBe(true);
  });

  it('appends the next pages with an offset until all are shown', async () => {
    const catalog = manyProducts(120);
    const search = vi.fn(async (query: Partial<SearchQuery>) =>
      searchIn(catalog, { ...queryOf(EMPTY_FILTERS), ...query } as SearchQuery),
    );
    const results = new SearchResultList(search);
    await results.run(EMPTY_FILTERS);
    await results.more();
    expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 50 }));
    await results.more();
    expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 100 }));
    expect(results.items.map((p) => p.id)).toEqual(catalog.map((p) => p.id));
    expect(results.hasMore).toBe(false);
    await results.more();
    expect(search).toHaveBeenCalledTimes(3);
  });

  it('never lets an older answer overwrite a newer one', async () => {
    const slow = deferred<SearchResults>();
    const fast = deferred<SearchResults>();
    const answers = [slow.promise, fast.promise];
    const results = new SearchResultList(
      () => answers.shift() ?? Promise.reject(new Error('extra')),
    );

    const first = results.run(filters('my'));
    const second = results.run(filters('mysql'));
    fast.resolve({ items: [products[0]!], total: 1, facets: null, suggestions: [] });
    await second;
    slow.resolve({ items: products, total: products.length, facets: null, suggestions: [] });
    await first;

    expect(results.items).toEqual([products[0]]);
    expect(results.total).toBe(1);
  });

  it('drops a "show more" page that belongs to older filters', async () => {
    const page = deferred<SearchResults>();
    const search = vi
      .fn<(query: Partial<SearchQuery>) => Promise<SearchResults>>()
      .mockResolvedValueOnce({ items: manyProducts(50), total: 80, facets: null, suggestions: [] })
      .mockReturnValueOnce(page.promise)
      .mockResolvedValueOnce({ items: [products[1]!], total: 1, facets: null, suggestions: [] });
    const results = new SearchResultList(search);
    await results.run(filters('a'));
    const more = results.more();
    await results.run(filters('b'));
    page.resolve({ items: manyProducts(30), total: 80, facets: null, suggestions: [] });
    await more;
    expect(results.items).toEqual([products[1]]);
    expect(results.loadingMore).toBe(false);
  });

  it('keeps the old results on screen while new ones load', async () => {
    const next = deferred<SearchResults>();
    const search = vi
      .fn<(query: Partial<SearchQuery>) => Promise<SearchResults>>()
      .mockResolvedValueOnce({
        items: products,
        total: products.length,
        facets: null,
        suggestions: [],
      })
      .mockReturnValueOnce(next.promise);
    const results = new SearchResultList(search);
    await results.run(filters('a'));
    const running = results.run(filters('ab'));
    expect(results.status).toBe('ready');
    expect(results.refreshing).toBe(true);
    expect(results.items).toBe(products);
    next.resolve({ items: [], total: 0, facets: null, suggestions: [] });
    await running;
    expect(results.refreshing).toBe(false);
    expect(results.items).toEqual([]);
  });

  it('reports a failure and retries the same search', async () => {
    const search = vi
      .fn<(query: Partial<SearchQuery>) => Promise<SearchResults>>()
      .mockRejectedValueOnce(new ApiFailure('storage', 'The catalog database is locked.'))
      .mockResolvedValueOnce({
        items: products,
        total: products.length,
        facets: null,
        suggestions: [],
      });
    const results = new SearchResultList(search);
    await results.run(filters('crm'));
    expect(results.status).toBe('error');
    expect(results.error?.message).toBe('The catalog database is locked.');
    await results.retry();
    expect(search).toHaveBeenCalledTimes(2);
    expect(search.mock.calls[1]?.[0]).toMatchObject({ text: 'crm' });
    expect(results.status).toBe('ready');
  });

  it('stops offering more when a page comes back empty', async () => {
    const search = vi
      .fn<(query: Partial<SearchQuery>) => Promise<SearchResults>>()
      .mockResolvedValueOnce({ items: manyProducts(50), total: 60, facets: null, suggestions: [] })
      .mockResolvedValueOnce({ items: [], total: 60, facets: null, suggestions: [] });
    const results = new SearchResultList(search);
    await results.run(EMPTY_FILTERS);
    await results.more();
    expect(results.hasMore).toBe(false);
  });
});
