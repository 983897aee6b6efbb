import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from './route';
import { router } from './router.svelte';

function hashChange(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

describe('router', () => {
  afterEach(() => {
    hashChange('#/');
  });

  it('follows hashchange (links, back and forward)', () => {
    hashChange('#/products/orbit-crm');
    expect(router().current).toEqual({ name: 'product', id: 'orbit-crm' });
    hashChange('#/search?q=crm');
    expect(router().current).toEqual({ name: 'search', filters: { ...EMPTY_FILTERS, q: 'crm' } });
  });

  it('navigates by writing the URL', () => {
    router().navigate({ name: 'product', id: 'x' });
    expect(window.location.hash).toBe('#/products/x');
    expect(router().current).toEqual({ name: 'product', id: 'x' });
  });

  it('replaces the history entry when asked, and still updates the route', () => {
    const length = window.history.length;
    router().navigate(
      { name: 'search', filters: { ...EMPTY_FILTERS, q: 'my' } },
      { replace: true },
    );
    expect(window.history.length).toBe(length);
    expect(window.location.hash).toBe('#/search?q=my');
    expect(router().current).toEqual({ name: 'search', filters: { ...EMPTY_FILTERS, q: 'my' } });
  });

  it('remembers the last search for "back to results"', () => {
    hashChange('#/search?q=backup&delivery=license');
    hashChange('#/products/vaultkeeper-backup');
    expect(router().lastSearch).toBe('#/search?q=backup&delivery=license');
  });
});
