// What demo mode adds to the app, loaded with it alone (parts.svelte.ts).
export { default as DemoControls } from './DemoControls.svelte';
export { default as DemoLayer } from './DemoLayer.svelte';
