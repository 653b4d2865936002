/**
 * Entry point. Styles come from ./styles (emitted as a .css file; the CSP forbids inline
 * styles). Without `window.desk` the app cannot reach main, so it shows a fatal screen.
 */
// First: the CSP has no 'unsafe-eval', so zod must not probe `new Function` (see the file).
import '../../common/zod-jitless';
import { mount } from 'svelte';
import App from './App.svelte';
import { getDesk } from './desk';
import { forwardRendererErrors } from './diagnostics';
import { resolveLanguage, setLanguage } from './i18n/index.svelte';
import './styles/index.css';
import Fatal from './ui/Fatal.svelte';

const systemLocale = navigator.language || 'en-US';
setLanguage(resolveLanguage('system', systemLocale), systemLocale);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const desk = getDesk();
if (desk) forwardRendererErrors(window, desk);
const app = desk ? mount(App, { target, props: { desk } }) : mount(Fatal, { target, props: { reason: 'bridge' } });

export default app;
