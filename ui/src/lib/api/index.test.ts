import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  crmDetail,
  crmFavorite,
  favorites,
  home,
  requirement,
  requirementForm,
} from '../testing/fixtures';
import {
  ApiFailure,
  loadAccount,
  loadDemoStatus,
  resetDemo,
  travelInTime,
  undoTravel,
  loadAllOrders,
  loadOrder,
  loadOrders,
  loadOrdersReceived,
  loadPurchasedApp,
  loadPurchasedApps,
  placeOrder,
  revealPassword,
  switchAccount,
  topUp,
  loadFavorites,
  loadHome,
  loadProduct,
  loadRequirements,
  removeFavorite,
  saveFavorite,
  submitRequirement,
  logoUrl,
  smallLogoUrl,
  quoteProduct,
  screenshotUrl,
  searchProducts,
  type ApiError,
  type CheckoutRequest,
  type QuoteRequest,
} from './index';

afterEach(() => {
  clearMocks();
});

describe('commands', () => {
  it('returns the data of an ok result', async () => {
    mockIPC((command) => (command === 'catalog_home' ? home : undefined));
    await expect(loadHome()).resolves.toEqual(home);
  });

  it('sends the whole query, with nulls for what is not set', async () => {
    let received: unknown;
    mockIPC((command, args) => {
      received = { command, args };
      return { items: [], total: 0, facets: null, suggestions: [] };
    });
    await searchProducts({ text: 'mysql', delivery: 'image', sort: 'price_asc', limit: 50 });
    expect(received).toEqual({
      command: 'catalog_search',
      args: {
        query: {
          text: 'mysql',
          category: null,
          sub_category: null,
          delivery: 'image',
          billing: null,
          seller: null,
          supervised: null,
          operating_system: null,
          min_price: null,
          max_price: null,
          sort: 'price_asc',
          facets: null,
          limit: 50,
          offset: null,
        },
      },
    });
  });

  it('passes the product id', async () => {
    mockIPC((command, args) =>
      command === 'product_show' && (args as { id: string }).id === 'orbit-crm'
        ? crmDetail
        : undefined,
    );
    await expect(loadProduct('orbit-crm')).resolves.toEqual(crmDetail);
  });

  it('sends a quote request as the request argument', async () => {
    const request: QuoteRequest = {
      product_id: 'orbit-crm',
      edition: 'business',
      billing: 'yearly_monthly',
      period: 'year',
      duration: 2,
      users: 25,
      quantity: null,
    };
    const answer = { lines: [], total: '0.00', per: 'for 2 years', note: null };
    let received: unknown;
    mockIPC((command, args) => {
      received = { command, args };
      return answer;
    });
    await expect(quoteProduct(request)).resolves.toEqual(answer);
    expect(received).toEqual({ command: 'product_quote', args: { request } });
  });

  it('saves a favourite through favorite_save and maps its failures', async () => {
    const spec = {
      edition: 'team',
      billing: 'yearly_monthly',
      period: 'month',
      duration: 1,
      users: null,
    } as const;
    let received: unknown;
    mockIPC((command, args) => {
      received = { command, args };
      return { id: 7 };
    });
    await expect(saveFavorite('orbit-crm', spec)).resolves.toEqual({ id: 7 });
    expect(received).toEqual({ command: 'favorite_save', args: { productId: 'orbit-crm', spec } });

    mockIPC(() => {
      throw { code: 'invalid_input', message: 'edition: unknown' } satisfies ApiError;
    });
    await expect(saveFavorite('orbit-crm', spec)).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'edition: unknown',
    });
  });

  it('throws the backend error as an ApiFailure with its code and message', async () => {
    mockIPC(() => {
      throw { code: 'not_found', message: 'No product has the id “x”.' } satisfies ApiError;
    });
    const failure = await loadProduct('x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ code: 'not_found', message: 'No product has the id “x”.' });
  });

  it('turns a bare string rejection into an internal failure that keeps the text', async () => {
    mockIPC(() => {
      throw 'command catalog_home not found';
    });
    await expect(loadHome()).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('command catalog_home not found'),
    });
  });

  it('turns a command the window was not granted into a plain refusal', async () => {
    mockIPC(() => {
      throw 'Command invoice_save not allowed by ACL';
    });
    await expect(loadHome()).rejects.toMatchObject({
      code: 'forbidden',
      message: 'This is not available on this demo stand.',
    });
  });

  it('does not trust an error with an unknown code', async () => {
    mockIPC(() => {
      throw { code: 'teapot', message: 'short and stout' };
    });
    await expect(loadHome()).rejects.toMatchObject({ code: 'internal' });
  });

  it('turns a thrown exception into an internal ApiFailure with a readable message', async () => {
    mockIPC(() => {
      throw new TypeError('IPC channel closed');
    });
    const failure = await loadHome().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ code: 'internal' });
    expect((failure as ApiFailure).message).toMatch(/could not reach.*IPC channel closed/);
  });

  it('reports a missing IPC bridge (no Tauri) as an internal failure', async () => {
    clearMocks();
    await expect(loadHome()).rejects.toMatchObject({ name: 'ApiFailure', code: 'internal' });
  });
});

describe('favourites and requirements', () => {
  function recording(answer: unknown) {
    const calls: { command: string; args: unknown }[] = [];
    mockIPC((command, args) => {
      calls.push({ command, args });
      return answer;
    });
    return calls;
  }

  it('saves a favourite with its product id and specification', async () => {
    const calls = recording(crmFavorite);
    await expect(saveFavorite('orbit-crm', crmFavorite.spec)).resolves.toEqual(crmFavorite);
    expect(calls).toEqual([
      { command: 'favorite_save', args: { productId: 'orbit-crm', spec: crmFavorite.spec } },
    ]);
  });

  it('removes a favourite and resolves to nothing', async () => {
    const calls = recording(null);
    await expect(removeFavorite('orbit-crm')).resolves.toBeUndefined();
    expect(calls).toEqual([{ command: 'favorite_remove', args: { productId: 'orbit-crm' } }]);
  });

  it('lists favourites and requirements', async () => {
    recording(favorites);
    await expect(loadFavorites()).resolves.toEqual(favorites);
    clearMocks();
    const calls = recording([requirement]);
    await expect(loadRequirements()).resolves.toEqual([requirement]);
    expect(calls[0]?.command).toBe('requirements_list');
  });

  it('submits a requirement form as it is', async () => {
    const calls = recording(requirement);
    await expect(submitRequirement(requirementForm)).resolves.toEqual(requirement);
    expect(calls).toEqual([{ command: 'requirement_submit', args: { form: requirementForm } }]);
  });

  it('throws the backend refusal with its code and the message naming the field', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'the phone number must have at least 6 digits' };
    });
    const failure = await submitRequirement(requirementForm).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({
      code: 'invalid_input',
      message: 'the phone number must have at least 6 digits',
    });
    await expect(removeFavorite('x')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('media URLs', () => {
  it('uses the media scheme', () => {
    expect(logoUrl('orbit-crm')).toBe('media://localhost/products/orbit-crm/logo');
    expect(smallLogoUrl('orbit-crm')).toBe('media://localhost/products/orbit-crm/logo/small');
    expect(screenshotUrl('orbit-crm', 2, true)).toBe(
      'media://localhost/products/orbit-crm/screenshots/2/thumb',
    );
    expect(screenshotUrl('orbit-crm', 2, false)).toBe(
      'media://localhost/products/orbit-crm/screenshots/2',
    );
  });

  it('escapes the product id', () => {
    expect(logoUrl('a/b')).toBe('media://localhost/products/a%2Fb/logo');
  });

  it('uses http://media.localhost on Windows', () => {
    const original = Object.getOwnPropertyDescriptor(window.navigator, 'userAgent');
    Object.defineProperty(window.navigator, 'userAgent', {
      configurable: true,
      value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/130.0',
    });
    try {
      expect(logoUrl('x')).toBe('http://media.localhost/products/x/logo');
    } finally {
      if (original) Object.defineProperty(window.navigator, 'userAgent', original);
      else delete (window.navigator as { userAgent?: string }).userAgent;
    }
    expect(logoUrl('x')).toBe('media://localhost/products/x/logo');
  });
});

describe('buying', () => {
  function recording(answer: unknown) {
    const calls: { command: string; args: unknown }[] = [];
    mockIPC((command, args) => {
      calls.push({ command, args });
      return answer;
    });
    return calls;
  }

  const request: CheckoutRequest = {
    configuration: {
      product_id: 'orbit-crm',
      edition: 'team',
      billing: 'yearly_monthly',
      period: 'month',
      duration: 1,
      users: null,
      quantity: null,
    },
    accept_terms: true,
    authorize_seller: false,
    payment: { method: 'card', card_id: 1 },
    idempotency_key: 'checkout-1',
  };

  it('places an order with its whole checkout, idempotency key included', async () => {
    const calls = recording({ order: { id: 1 } });
    await placeOrder(request);
    expect(calls).toEqual([{ command: 'order_place', args: { request } }]);
  });

  it('names each buying command and its arguments', async () => {
    const calls = recording(null);
    await loadAccount();
    await switchAccount('cedar-reseller');
    await topUp('25.50');
    await loadOrders({ offset: 20, limit: 20 });
    await loadOrdersReceived({ status: 'completed', offset: 20, limit: 20 });
    await loadAllOrders({ status: null, offset: 0, limit: 20 });
    await loadOrder(3);
    await loadPurchasedApps({ offset: 0, limit: 100 });
    await loadPurchasedApp(3);
    await revealPassword(3);
    expect(calls).toEqual([
      { command: 'account_show', args: {} },
      { command: 'account_switch', args: { accountId: 'cedar-reseller' } },
      { command: 'account_top_up', args: { amount: '25.50' } },
      { command: 'orders_list', args: { page: { offset: 20, limit: 20 } } },
      {
        command: 'orders_received',
        args: { query: { status: 'completed', offset: 20, limit: 20 } },
      },
      { command: 'orders_all', args: { query: { status: null, offset: 0, limit: 20 } } },
      { command: 'order_show', args: { id: 3 } },
      { command: 'apps_list', args: { page: { offset: 0, limit: 100 } } },
      { command: 'app_show', args: { orderId: 3 } },
      { command: 'app_reveal_password', args: { orderId: 3 } },
    ]);
  });

  it('keeps the payment error codes the checkout branches on', async () => {
    for (const code of ['payment_declined', 'insufficient_balance', 'conflict'] as const) {
      mockIPC(() => {
        throw { code, message: 'the card was declined by its issuer' };
      });
      await expect(placeOrder(request)).rejects.toMatchObject({ name: 'ApiFailure', code });
    }
  });
});

describe('demo mode', () => {
  const status = { clock: '2026-03-08T10:00:00Z', undoable: 0, upcoming: [] };

  it('reads the status, and null when the app is not in demo mode', async () => {
    mockIPC((command) => (command === 'demo_status' ? status : undefined));
    await expect(loadDemoStatus()).resolves.toEqual(status);
    mockIPC(() => {
      throw { code: 'forbidden', message: 'demo mode is off' } satisfies ApiError;
    });
    await expect(loadDemoStatus()).resolves.toBeNull();
  });

  it('throws any other failure of the status', async () => {
    mockIPC(() => {
      throw { code: 'storage', message: 'the sandbox cannot be read' } satisfies ApiError;
    });
    await expect(loadDemoStatus()).rejects.toMatchObject({ code: 'storage' });
  });

  it('names each demo command and its step', async () => {
    const received: unknown[] = [];
    mockIPC((command, args) => {
      received.push([command, args ?? {}]);
      return command === 'demo_travel'
        ? { from: status.clock, to: status.clock, fired: [], money_moved: '0.00', undoable: 1 }
        : status;
    });
    await travelInTime('five_days');
    await undoTravel();
    await resetDemo(true);
    await resetDemo(false);
    expect(received).toEqual([
      ['demo_travel', { step: 'five_days' }],
      ['demo_undo', {}],
      ['demo_reset', { nextVisitor: true }],
      ['demo_reset', { nextVisitor: false }],
    ]);
  });
});
