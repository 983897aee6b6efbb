/**
 * The tours' scripts against the app they play on: the routes they open are routes the app
 * knows, every element they point at is marked in a screen, and every product, seller, account
 * or step they name is one the demo store and the API have.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHash } from '../../router/route';
import { tourById, TOURS } from './tours';
import { tourMs } from './engine.svelte';
import type { TourStep } from './types';

const sources = Object.entries(
  import.meta.glob<string>('/src/**/*.svelte', { query: '?raw', import: 'default', eager: true }),
).filter(([path]) => !path.includes('/demo/tours/'));

// The tests run from ui/ (vitest.config.ts); the demo store's sources are beside it.
const repository = (path: string) => readFileSync(resolve(process.cwd(), '..', path), 'utf8');
const catalog = JSON.parse(repository('assets/demo/catalog.json')) as {
  products: { id: string }[];
  sellers: { id: string }[];
};
const demoStore = repository('src-tauri/core/src/demo/mod.rs');
const bindings = repository('ui/src/lib/api/bindings.ts');

/** The `data-tour` names and `data-value`s a step's selectors use. */
function marks(step: TourStep): { name: string; value: string | undefined }[] {
  const selectors = [step.target, step.until].filter((s): s is string => s !== null && !!s);
  return selectors.flatMap((selector) =>
    Array.from(
      selector.matchAll(/\[data-tour="([^"]+)"\](?:\[data-value="([^"]+)"\])?/g),
      (match) => ({ name: match[1]!, value: match[2] }),
    ),
  );
}

/** The members of a string union the bindings export (its comments may hold semicolons). */
function union(name: string): string[] {
  const body = new RegExp(`export type ${name} = ([\\s\\S]*?)";`).exec(bindings)?.[1] ?? '';
  return Array.from(
    `${body}"`.matchAll(/^"([a-z_]+)"|\| "([a-z_]+)"|\n"([a-z_]+)"/gm),
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
}

/** The values a `data-value` of each narrowed mark can take, from the data that fills it. */
const VALUES: Record<string, (value: string) => boolean> = {
  'open-flow': (id) => catalog.products.some((p) => p.id === id),
  'open-appeal': (id) => catalog.products.some((p) => p.id === id),
  'open-subscription': (id) => catalog.products.some((p) => p.id === id),
  'act-as-seller': (id) => catalog.sellers.some((s) => s.id === id),
  'act-as-buyer': (id) => demoStore.includes(`"${id}"`),
  step: (step) => union('Step').includes(step),
  travel: (step) => union('TimeStep').includes(step),
  moves: (count) => /^\d+$/.test(count),
  password: (state) => state === 'shown' || state === 'hidden',
};

describe('the tours', () => {
  it('are at least five, each with its own id, and found by it', () => {
    expect(TOURS.length).toBeGreaterThanOrEqual(5);
    expect(new Set(TOURS.map((t) => t.id)).size).toBe(TOURS.length);
    for (const tour of TOURS) expect(tourById(tour.id)).toBe(tour);
    expect(tourById('nowhere')).toBeUndefined();
  });

  it.each(TOURS.map((t) => [t.id, t] as const))('%s lasts at most 90 s in autoplay', (_, tour) => {
    expect(tourMs(tour)).toBeLessThanOrEqual(90_000);
  });

  it.each(TOURS.map((t) => [t.id, t] as const))(
    '%s starts on a screen it opens and ends on its result, with nothing left to do',
    (_, tour) => {
      expect(tour.steps[0]?.route).toBeDefined();
      const last = tour.steps.at(-1)!;
      expect(last.act).toBeUndefined();
      expect(last.target).not.toBeNull();
    },
  );

  it.each(TOURS.map((t) => [t.id, t] as const))('%s opens only routes the app knows', (_, tour) => {
    for (const step of tour.steps) {
      if (step.route === undefined) continue;
      expect(parseHash(step.route).name, step.route).not.toBe('not_found');
    }
  });

  it.each(TOURS.map((t) => [t.id, t] as const))(
    '%s points only at elements a screen marks, with values the demo store has',
    (_, tour) => {
      for (const step of tour.steps) {
        for (const { name, value } of marks(step)) {
          const marked = sources.some(
            ([, text]) =>
              text.includes(`data-tour="${name}"`) ||
              new RegExp(`data-tour=\\{[^}]*'${name}'`).test(text),
          );
          expect(marked, `data-tour="${name}" in a screen`).toBe(true);
          if (value !== undefined) {
            const check = VALUES[name];
            expect(check, `the values of ${name}`).toBeDefined();
            expect(check!(value), `${name} = ${value}`).toBe(true);
          }
        }
      }
    },
  );

  it.each(TOURS.map((t) => [t.id, t] as const))(
    '%s types into fields and attaches files only where the step says what',
    (_, tour) => {
      for (const step of tour.steps) {
        if (step.act === undefined || step.act === 'click') continue;
        expect(step.target).not.toBeNull();
        if ('fill' in step.act) expect(step.act.fill.trim()).not.toBe('');
        else expect(step.act.attach.text.startsWith('%PDF-')).toBe(true);
      }
    },
  );
});
