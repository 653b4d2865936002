/**
 * A tab left open from an earlier run of the browser host: the host now running (on the
 * same address) has a new per-run token and refuses every call of this tab. The tab then
 * says so over the whole page and takes no more input (the page is inert, and input
 * events are stopped before the app's listeners), so no change is made in a tab that
 * cannot send it (the app itself would only see failed calls and keep going).
 * Shown in the browser's language (Czech or English): the app's own texts are not
 * reachable from here.
 */

const TEXTS = {
  en: {
    title: 'This tab belongs to an earlier run of the app',
    body: 'Open the new address that npm start printed (or close this tab). Nothing can be changed here: this tab can no longer reach the app. Changes saved before are kept on this computer and are sent by the new tab.',
  },
  cs: {
    title: 'Tato karta patří k dřívějšímu spuštění aplikace',
    body: 'Otevřete novou adresu, kterou vypsal npm start (nebo tuto kartu zavřete). Tady už nic změnit nejde: karta se k aplikaci nedostane. Změny uložené dříve zůstávají na tomto počítači a odešle je nová karta.',
  },
} as const;

let stale = false;

/** What the page underneath could act on: stopped before the app's own listeners see it. */
const INPUT_EVENTS = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'change', 'submit', 'click', 'pointerdown', 'mousedown', 'paste', 'drop'];

function stopForStaleTab(event: Event): void {
  if (!stale) return;
  // The app listens on the window too (its shortcuts): nothing reaches it, not even a key
  // pressed in the notice. The notice has no control; its text can still be selected.
  event.stopImmediatePropagation();
  const target = event.target;
  const inNotice = target instanceof Node && document.getElementById('stale-tab-notice')?.contains(target) === true;
  if (!inNotice && event.cancelable) event.preventDefault();
}


export function isStaleTab(): boolean {
  return stale;
}

/** Marks the tab as stale: the notice covers the page, and the page underneath takes no input. */
export function markStaleTab(): void {
  if (stale) return;
  stale = true;
  // On the window in the capture phase: before any listener of the page sees the event.
  for (const type of INPUT_EVENTS) window.addEventListener(type, stopForStaleTab, true);
  const show = (): void => {
    const texts = /^cs\b/i.test(navigator.language) ? TEXTS.cs : TEXTS.en;
    for (const child of [...document.body.children]) {
      if (child instanceof HTMLElement) child.inert = true;
    }
    const notice = document.createElement('div');
    notice.id = 'stale-tab-notice';
    notice.setAttribute('role', 'alertdialog');
    notice.setAttribute('aria-modal', 'true');
    notice.setAttribute('aria-labelledby', 'stale-tab-title');
    notice.setAttribute('aria-describedby', 'stale-tab-body');
    notice.tabIndex = -1;
    notice.style.cssText =
      'position:fixed;inset:0;z-index:2147483647;display:grid;place-content:center;gap:12px;padding:32px;' +
      'background:rgba(20,24,31,0.92);color:#fff;font:16px/1.5 system-ui,sans-serif;text-align:center;';
    const title = document.createElement('h1');
    title.id = 'stale-tab-title';
    title.textContent = texts.title;
    title.style.cssText = 'margin:0;font-size:1.4rem;';
    const body = document.createElement('p');
    body.id = 'stale-tab-body';
    body.textContent = texts.body;
    body.style.cssText = 'margin:0 auto;max-width:40rem;';
    notice.append(title, body);
    document.body.append(notice);
    notice.focus();
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show, { once: true });
}
