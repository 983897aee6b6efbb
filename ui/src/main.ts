import '@fontsource-variable/inter';
import { flushSync, mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { prepareFirstScreen, showWhenLaidOut } from './lib/startup/firstScreen';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

// Each step of the start is marked, for measuring it in the real window (docs/benchmarks.md).
performance.mark('kg-evaluated');
// The first frame is the finished first screen (see firstScreen.ts), in a window shown only
// once it is laid out with its pictures.
void prepareFirstScreen(window.location.hash).then(() => {
  performance.mark('kg-prepared');
  mount(App, { target });
  flushSync();
  performance.mark('kg-mounted');
  return showWhenLaidOut(target).then(() => performance.mark('kg-shown'));
});
