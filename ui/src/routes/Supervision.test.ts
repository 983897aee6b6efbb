import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowQuery } from '../lib/api';
import { localTime } from '../lib/supervision/format';
import { fakeSupervision, licenseFlow, saasFlow } from '../lib/supervision/testing';
import { mockBackend } from '../lib/testing/ipc';
import Supervision from './Supervision.svelte';

afterEach(() => {
  clearMocks();
});

const queries = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.command === 'supervision_list').map((c) => c.args.query as FlowQuery);

describe('Service Supervision', () => {
  it('lists each flow with its step, who acts next and by when, linking to its page', async () => {
    mockBackend(fakeSupervision());
    render(Supervision);
    const row = await screen.findByTestId('flow-row-7');
    expect(row.textContent).toContain('VaultKeeper Backup Server');
    expect(row.textContent).toContain('VaultKeeper Ltd.');
    expect(within(row).getByTestId('flow-row-step').textContent).toBe('Seller deploys service');
    expect(within(row).getByTestId('flow-row-next').textContent).toContain('Seller');
    expect(within(row).getByTestId('flow-row-next').textContent).toContain(
      'The seller deploys the service and delivers',
    );
    const due = within(row).getByTestId('flow-row-due').textContent ?? '';
    expect(due).toContain('Appeal possible from');
    expect(due).toContain(localTime('2026-03-06T10:01:00Z'));
    expect(within(row).getAllByRole('link')[0]!.getAttribute('href')).toBe('#/supervision/7');
    const saas = screen.getByTestId('flow-row-8');
    expect(within(saas).getByTestId('flow-row-due').textContent).toBe('—');
  });

  it('passes the criteria to the core, and says when none match', async () => {
    const calls = mockBackend(fakeSupervision());
    render(Supervision);
    await screen.findByTestId('flow-row-7');
    expect(queries(calls)[0]).toEqual({
      order_id: null,
      product: null,
      state: null,
      from: null,
      to: null,
    });

    await fireEvent.input(screen.getByTestId('criteria-order'), { target: { value: '#7' } });
    await fireEvent.input(screen.getByTestId('criteria-product'), {
      target: { value: '  vault ' },
    });
    await fireEvent.change(screen.getByTestId('criteria-state'), {
      target: { value: 'seller_deploying' },
    });
    await fireEvent.input(screen.getByTestId('criteria-from'), {
      target: { value: '2026-03-01' },
    });
    await fireEvent.input(screen.getByTestId('criteria-to'), { target: { value: '2026-03-31' } });
    await fireEvent.click(screen.getByTestId('criteria-search'));
    await waitFor(() => expect(queries(calls)).toHaveLength(2));
    expect(queries(calls)[1]).toEqual({
      order_id: 7,
      product: 'vault',
      state: 'seller_deploying',
      from: '2026-03-01',
      to: '2026-03-31',
    });
    await waitFor(() => expect(screen.queryByTestId('flow-row-8')).toBeNull());
    expect(screen.getByTestId('flow-row-7')).toBeTruthy();

    await fireEvent.change(screen.getByTestId('criteria-state'), {
      target: { value: 'completed' },
    });
    await fireEvent.click(screen.getByTestId('criteria-search'));
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'No service flows match',
    );
    await fireEvent.click(screen.getByText('Clear the criteria'));
    await screen.findByTestId('flow-row-8');
    expect(queries(calls).at(-1)!.state).toBeNull();
    expect((screen.getByTestId('criteria-order') as HTMLInputElement).value).toBe('');
  });

  it('names a wrong criterion and asks nothing of the core', async () => {
    const calls = mockBackend(fakeSupervision());
    render(Supervision);
    await screen.findByTestId('flow-row-7');
    await fireEvent.input(screen.getByTestId('criteria-from'), {
      target: { value: '2026-04-01' },
    });
    await fireEvent.input(screen.getByTestId('criteria-to'), { target: { value: '2026-03-01' } });
    await fireEvent.click(screen.getByTestId('criteria-search'));
    expect(screen.getByTestId('criteria-error').textContent).toBe(
      'The first date is after the last.',
    );
    await fireEvent.input(screen.getByTestId('criteria-to'), { target: { value: '' } });
    await fireEvent.input(screen.getByTestId('criteria-order'), { target: { value: 'seven' } });
    await fireEvent.click(screen.getByTestId('criteria-search'));
    expect(screen.getByTestId('criteria-error').textContent).toContain('whole number');
    expect(queries(calls)).toHaveLength(1);
  });

  it('offers the guide’s step names as statuses', async () => {
    mockBackend(fakeSupervision());
    render(Supervision);
    const options = [...(screen.getByTestId('criteria-state') as HTMLSelectElement).options].map(
      (o) => o.textContent,
    );
    expect(options).toEqual([
      'All steps',
      'Submit request',
      'Seller reviews request',
      'Seller deploys service',
      'Customer accepts product',
      'Accepted: completing',
      'Completed',
      'Frozen by an appeal',
      'Cancelled',
    ]);
    await screen.findByTestId('flow-row-7');
  });

  it('has an empty state', async () => {
    mockBackend(fakeSupervision({ flows: [] }));
    render(Supervision);
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'No service flows yet',
    );
  });

  it('has a loading and an error state, and Retry asks again', async () => {
    let fail = true;
    const flows = fakeSupervision({ flows: [saasFlow, licenseFlow] });
    mockBackend((command, args) => {
      if (fail) throw { code: 'storage', message: 'the data file could not be read' };
      return flows(command, args);
    });
    render(Supervision);
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await screen.findByTestId('flow-row-7');
  });
});
