import { describe, expect, it, vi } from 'vitest';
import { ApiFailure, type SearchQuery, type SearchResults } from '../api';
import { EMPTY_FILTERS } from '../router/route';
import { deferred } from '../testing/ipc';
import { manyProducts, products, searchIn } from '../testing/fixtures';
import { PAGE_SIZE, queryOf, SearchResultList, SLOW_SEARCH_MS } from './search.svelte';

const filters = (q: string) => ({ ...EMPTY_FILTERS, q });
const answer = (items = products, total = items.length): SearchResults => ({
  items,
  total,
  facets: null,
  suggestions: [],
});

type Search = (query: Partial<SearchQuery>) => Promise<SearchResults>;

describe('queryOf', () => {
  it('sends no text for an empty search', () => {
    expect(queryOf(filters('  '))).toMatchObject({ text: null });
    expect(queryOf({ ...filters(' crm '), delivery: 'saas' })).toMatchObject({
      text: 'crm',
      delivery: 'saas',
      category: null,
    });
  });

  it('sends every refinement, and leaves relevance to the default without text', () => {
    expect(
      queryOf({
        ...filters('db'),
        seller: 'dataforge',
        supervised: false,
        operating_system: 'CentOS 7.9 64-bit',
        min_price: '10',
        max_price: '20.50',
        sort: 'price_desc',
      }),
    ).toMatchObject({
      seller: 'dataforge',
      supervised: false,
      operating_system: 'CentOS 7.9 64-bit',
      min_price: '10',
      max_price: '20.50',
      sort: 'price_desc',
    });
    expect(queryOf({ ...EMPTY_FILTERS, sort: 'relevance' }).sort).toBeNull();
    expect(queryOf({ ...filters('db'), sort: 'relevance' }).sort).toBe('relevance');
  });
});

describe('SearchResultList', () => {
  it('loads the first page of 50, then the facet counts', async () => {
    const catalog = manyProducts(120);
    const search = vi.fn(async (query: Partial<SearchQuery>) =>
      searchIn(catalog, { ...queryOf(EMPTY_FILTERS), ...query } as SearchQuery),
    );
    const later: (() => void)[] = [];
    const results = new SearchResultList(search, (callback) => later.push(callback));
    expect(results.status).toBe('loading');
    await results.run(EMPTY_FILTERS);
    // The results alone first: counting waits until they are on screen.
    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0]?.[0]).toMatchObject({ limit: PAGE_SIZE, offset: 0 });
    expect(search.mock.calls[0]?.[0].facets).toBeUndefined();
    expect(results.facets).toBeNull();
    later.splice(0).forEach((callback) => callback());
    await vi.waitFor(() => expect(results.facets).not.toBeNull());
    expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ facets: true }));
    expect(results.status).toBe('ready');
    expect(results.items).toHaveLength(50);
    expect(results.total).toBe(120);
    expect(results.facets?.delivery).toEqual([{ value: 'image', label: 'image', count: 120 }]);
    expect(results.at(49)?.id).toBe('generated-50');
    expect(results.at(50)).toBeUndefined();
  });

  it('counts facets only for the latest search, and keeps the old counts until then', async () => {
    const catalog = manyProducts(120);
    const search = vi.fn(async (query: Partial<SearchQuery>) =>
      searchIn(catalog, { ...queryOf(EMPTY_FILTERS), ...query } as SearchQuery),
    );
    const later: (() => void)[] = [];
    const typing: boolean[] = [];
    const results = new SearchResultList(search, (callback, typed) => {
      later.push(callback);
      typing.push(typed);
    });
    await results.run(EMPTY_FILTERS);
    expect(results.countsPending).toBe(true);
    later.splice(0).forEach((callback) => callback());
    await vi.waitFor(() => expect(results.facets).not.toBeNull());
    expect(results.countsPending).toBe(false);
    const counts = results.facets;

    await results.run(filters('generated'), true);
    await results.run(filters('generated 1'), true);
    expect(results.facets).toBe(counts);
    expect(results.countsPending).toBe(true);
    // Counting waits for a pause only while the person types.
    expect(typing).toEqual([false, true, true]);
    search.mockClear();
    later.splice(0).forEach((callback) => callback());
    await vi.waitFor(() => expect(results.facets).not.toBe(counts));
    expect(results.countsPending).toBe(false);
    // The search typed over was never counted.
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith(
      expect.objectContaining({ text: 'generated 1', facets: true }),
    );
  });

  it('loads the page of a row by its offset, once, without facets', async () => {
    const catalog = manyProducts(120);
    const search = vi.fn(async (query: Partial<SearchQuery>) =>
      searchIn(catalog, { ...queryOf(EMPTY_FILTERS), ...query } as SearchQuery),
    );
    const results = new SearchResultList(search);
    await results.run(EMPTY_FILTERS);
    const first = results.need(110);
    const again = results.need(101);
    await Promise.all([first, again]);
    expect(search).toHaveBeenCalledTimes(2);
    expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 100, limit: 50 }));
    expect(search.mock.lastCall?.[0].facets).toBeUndefined();
    expect(results.at(119)?.id).toBe('generated-120');
    expect(results.at(60)).toBeUndefined();
    await results.need(10);
    await results.need(500);
    expect(search).toHaveBeenCalledTimes(2);
    expect(results.loadedPages).toBe(2);
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
    fast.resolve(answer([products[0]!]));
    await second;
    slow.resolve({ ...answer(), suggestions: ['stale'] });
    await first;

    expect(results.items).toEqual([products[0]]);
    expect(results.total).toBe(1);
    expect(results.suggestions).toEqual([]);
    expect(results.shown?.q).toBe('mysql');
  });

  it('drops a page that belongs to older filters', async () => {
    const page = deferred<SearchResults>();
    const search = vi
      .fn<Search>()
      .mockResolvedValueOnce(answer(manyProducts(50), 80))
      .mockReturnValueOnce(page.promise)
      .mockResolvedValueOnce(answer([products[1]!]));
    const results = new SearchResultList(search);
    await results.run(filters('a'));
    const more = results.need(60);
    await results.run(filters('b'));
    page.resolve(answer(manyProducts(30), 80));
    await more;
    expect(results.items).toEqual([products[1]]);
    expect(results.total).toBe(1);
    expect(results.loadedPages).toBe(1);
  });

  it('keeps the old results on screen while new ones load, marked as refreshing only once slow', async () => {
    vi.useFakeTimers();
    try {
      const next = deferred<SearchResults>();
      const search = vi
        .fn<Search>()
        .mockResolvedValueOnce(answer())
        .mockReturnValueOnce(next.promise);
      const results = new SearchResultList(search);
      await results.run(filters('a'));
      const version = results.version;
      const running = results.run(filters('ab'));
      expect(results.status).toBe('ready');
      expect(results.items).toBe(products);
      // A quick answer changes nothing on screen before it arrives.
      vi.advanceTimersByTime(SLOW_SEARCH_MS - 1);
      expect(results.refreshing).toBe(false);
      vi.advanceTimersByTime(1);
      expect(results.refreshing).toBe(true);
      expect(results.items).toBe(products);
      next.resolve({ ...answer([]), suggestions: ['ab'] });
      await running;
      expect(results.refreshing).toBe(false);
      expect(results.items).toEqual([]);
      expect(results.suggestions).toEqual(['ab']);
      expect(results.version).toBe(version + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not mark a search answered in time, nor a superseded one, as refreshing', async () => {
    vi.useFakeTimers();
    try {
      const first = deferred<SearchResults>();
      const second = deferred<SearchResults>();
      const search = vi
        .fn<Search>()
        .mockResolvedValueOnce(answer())
        .mockReturnValueOnce(first.promise)
        .mockReturnValueOnce(second.promise)
        .mockResolvedValueOnce(answer());
      const results = new SearchResultList(search);
      await results.run(filters('a'));
      const quick = results.run(filters('ab'));
      first.resolve(answer());
      await quick;
      vi.advanceTimersByTime(SLOW_SEARCH_MS * 2);
      expect(results.refreshing).toBe(false);

      // 'abc' is still on its way when 'abcd' has been answered: its slowness is not shown.
      const superseded = results.run(filters('abc'));
      await results.run(filters('abcd'));
      vi.advanceTimersByTime(SLOW_SEARCH_MS * 2);
      expect(results.refreshing).toBe(false);
      second.resolve(answer());
      await superseded;
      expect(results.refreshing).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a failure and retries the same search', async () => {
    const search = vi
      .fn<Search>()
      .mockRejectedValueOnce(new ApiFailure('storage', 'The catalog database is locked.'))
      .mockResolvedValueOnce(answer());
    const results = new SearchResultList(search);
    await results.run(filters('crm'));
    expect(results.status).toBe('error');
    expect(results.error?.message).toBe('The catalog database is locked.');
    await results.retry();
    expect(search).toHaveBeenCalledTimes(2);
    expect(search.mock.calls[1]?.[0]).toMatchObject({ text: 'crm' });
    expect(results.status).toBe('ready');
  });

  it('marks a page that failed, and asks again only when told to', async () => {
    const search = vi
      .fn<Search>()
      .mockResolvedValueOnce(answer(manyProducts(50), 100))
      .mockRejectedValueOnce(new ApiFailure('storage', 'The catalog database is locked.'))
      .mockResolvedValueOnce(answer(manyProducts(50), 100));
    const results = new SearchResultList(search);
    await results.run(EMPTY_FILTERS);
    await results.need(70);
    expect(results.failedAt(70)).toBe(true);
    expect(results.pageError?.message).toBe('The catalog database is locked.');
    await results.need(71);
    expect(search).toHaveBeenCalledTimes(2);
    await results.need(71, true);
    expect(search).toHaveBeenCalledTimes(3);
    expect(results.failedAt(70)).toBe(false);
    expect(results.at(70)).toBeDefined();
    expect(results.pageError).toBeNull();
  });

  it('ends the list where a page comes back short', async () => {
    const search = vi
      .fn<Search>()
      .mockResolvedValueOnce(answer(manyProducts(50), 120))
      .mockResolvedValueOnce(answer(manyProducts(5), 120));
    const results = new SearchResultList(search);
    await results.run(EMPTY_FILTERS);
    await results.need(50);
    expect(results.total).toBe(55);
  });

  it('trusts a short first page over its total', async () => {
    const results = new SearchResultList(vi.fn<Search>().mockResolvedValue(answer(products, 60)));
    await results.run(EMPTY_FILTERS);
    expect(results.total).toBe(products.length);
  });
});
