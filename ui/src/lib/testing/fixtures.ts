/**
 * Data and stand-in backends for tests and visual checks, one file per area under
 * `fixtures/`: the catalog, its commands, the buyer's own data, buying, and the cloud.
 *
 * Plain data and pure functions only (no Tauri import), so that a test can hand it to
 * `mockIPC` and a headless browser check can load it as a stub of the backend.
 */
export * from './fixtures/catalog';
export * from './fixtures/catalogBackend';
export * from './fixtures/buyer';
export * from './fixtures/shop';
export * from './fixtures/cloud';
