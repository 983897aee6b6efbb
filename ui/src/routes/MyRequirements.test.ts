import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import { fakeBuyer, requirement } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import MyRequirements from './MyRequirements.svelte';

afterEach(() => {
  clearMocks();
});

describe('MyRequirements', () => {
  it('lists the requirements sent, in the order the core gives (newest first)', async () => {
    const newer = { ...requirement, id: 2, requirement: 'A second need', search_text: null };
    mockBackend(fakeBuyer({ requirements: [newer, requirement] }));
    render(MyRequirements);
    expect(screen.getByTestId('loading')).toBeTruthy();
    const list = await screen.findByTestId('requirements-list');
    const rows = within(list).getAllByTestId('requirement-row');
    expect(rows.map((row) => row.querySelector('.text')?.textContent)).toEqual([
      'A second need',
      'A hosted FHIR server with audit logs',
    ]);
    expect(rows[1]!.textContent).toContain('Acme Retail');
    expect(rows[1]!.textContent).toContain('dana@acme-retail.example');
    expect(rows[1]!.textContent).toContain('after searching “fhir”');
    expect(rows[0]!.textContent).not.toContain('after searching');
  });

  it('shows the empty state with a way to send one', async () => {
    mockBackend(fakeBuyer({ requirements: [] }));
    render(MyRequirements);
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No requirements sent yet');
    expect(within(empty).getByRole('link').getAttribute('href')).toBe('#/requirements/new');
  });

  it('shows the error state and retries', async () => {
    let fail = true;
    const buyer = fakeBuyer({ requirements: [requirement] });
    mockBackend((command, args) => {
      if (command === 'requirements_list' && fail) {
        throw { code: 'storage', message: 'the data file is locked' } satisfies ApiError;
      }
      return buyer(command, args);
    });
    render(MyRequirements);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file is locked',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await screen.findByTestId('requirements-list');
  });
});
