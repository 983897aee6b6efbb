import { flushSync, mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { prepareFirstScreen, showWhenLaidOut } from './lib/startup/firstScreen';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

// The first frame is the finished first screen (see firstScreen.ts), in a window shown only
// once it is laid out with its pictures.
void prepareFirstScreen(window.location.hash).then(() => {
  mount(App, { target });
  flushSync();
  return showWhenLaidOut(target);
});
