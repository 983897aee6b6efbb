import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import NotFound from '../../routes/NotFound.svelte';
import { deferred } from '../testing/ipc';
import Screen from './Screen.svelte';
import { screens } from './screens';

// The screen of a route with a path, as the unknown page is.
const PathScreen = Screen<{ path: string }>;

describe('a screen loaded when first opened', () => {
  it('keeps the top bar over a blank screen while its code loads, then the screen with its props', async () => {
    const code = deferred<{ default: typeof NotFound }>();
    render(PathScreen, { props: { load: () => code.promise, props: { path: '/no/such/page' } } });
    expect(await screen.findByTestId('screen-loading')).toBeTruthy();
    expect(screen.getByTestId('search-input')).toBeTruthy();
    expect(screen.queryByTestId('empty-state')).toBeNull();
    expect(screen.queryByTestId('error-state')).toBeNull();

    code.resolve({ default: NotFound });
    expect((await screen.findByTestId('empty-state')).textContent).toContain('/no/such/page');
    expect(screen.queryByTestId('screen-loading')).toBeNull();
  });

  it('says when its code cannot be loaded, and Retry loads it again', async () => {
    const load = vi
      .fn<() => Promise<{ default: typeof NotFound }>>()
      .mockRejectedValueOnce(new TypeError('Importing a module script failed.'))
      .mockResolvedValue({ default: NotFound });
    render(PathScreen, { props: { load, props: { path: '/orders' } } });
    const error = await screen.findByTestId('error-state');
    expect(error.textContent).toContain('This screen could not be opened');
    expect(screen.getByTestId('error-message').textContent).toBe(
      'Importing a module script failed.',
    );

    await fireEvent.click(screen.getByTestId('retry'));
    expect((await screen.findByTestId('empty-state')).textContent).toContain('/orders');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('has every screen of a route but the home and the unknown page', () => {
    expect(Object.keys(screens)).not.toContain('home');
    expect(Object.keys(screens)).not.toContain('not_found');
    expect(Object.keys(screens)).toHaveLength(34);
  });
});
