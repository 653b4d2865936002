/**
 * Page helpers for the end-to-end specs: everything is found the way a screen reader
 * finds it (role + accessible name from shared/ui-contract.md, English locale), and the
 * sandbox is driven through its control API. No fixed sleeps: waits are expect polling.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { DeskApi } from '../../common/ipc-contract';
import { sandboxControl, type RunningHost } from './browser-host';

declare global {
  interface Window {
    /** The page bridge's IPC API (electron/browser-host/page/bridge.ts), as the renderer sees it. */
    desk?: DeskApi;
  }
}

export type Status = 'new' | 'open' | 'wait' | 'resolve' | 'reject' | 'closed';

export interface AppliedChange {
  complaintId: string;
  status: Status;
  at: number;
}

export interface SandboxState {
  seedComplaintIds: string[];
  complaintIds: string[];
  faults: Record<string, unknown>;
}

/**
 * Seed complaints (electron/sandbox/seed.ts, fixed data) by customer first name, with
 * the status they start in: tests name them instead of guessing.
 */
export const SEED = {
  /** new · Jana Nováková · order 2026-001234 */
  jana: 'u19tor9ukid7jbpo',
  /** open · Petr Dvořák · order 2026-001187 */
  petr: 'x5okkmksxxknmc65',
  /** wait · Lucie Černá · order 2026-001102 (refund to a bank account) */
  lucie: '4qbx6l8lkjcwcpzs',
  /** resolve · Tomáš Procházka · order 2026-000981 */
  tomas: 'k0myplcqq1y7tz22',
  /** reject · Kateřina Svobodová · order 2026-000944 */
  katerina: '0pydb2edirceduuu',
  /** closed · Jiří Kučera · order 2026-000870 */
  jiri: 'sqkno7x2b32xmpfb',
  /** new · Markéta Veselá · order 2026-001251 */
  marketa: 'tjt0m180m9bxpo3b',
  /** open · Ondřej Horák · order 2026-001199 */
  ondrej: 'irltu0tdz6r3m4h8',
  /** wait · Zuzana Němcová · order 2026-001045 */
  zuzana: '5bkx3v9nbt813ixl',
  /** new · Martin Pospíšil · order 2026-001260 */
  martin: 'fhyeg5rdpy6y2rqy',
  /** open · Veronika Hájková · order 2026-001213 */
  veronika: 'jsp2ev6ni91g4etg',
  /** new · Michal Fiala · order 2026-001266 */
  michal: 'audrzyrofb1ohhtb',
  /** open · Hana Sedláčková · order 2026-001150 */
  hana: 'kivt9pfa6ahviy57',
  /** new · Vojtěch Čermák · order 2026-001270 */
  vojtech: 'v84vdh4uldhvfr1n',
  /** open · Klára Vaněčková · order 2026-001175 */
  klara: '6c2419fpetnczc6r',
  /** new · Simona Kopecká · order 2026-001275 */
  simona: '75atxhooyq4h89r3',
} as const;

// --- sandbox --------------------------------------------------------------------------

export function applied(host: RunningHost, complaintId: string): Promise<AppliedChange[]> {
  return sandboxControl<AppliedChange[]>(host, `applied?complaintId=${encodeURIComponent(complaintId)}`);
}

/** The statuses set-status applied to a complaint, in order (staff changes are not in it). */
export async function appliedStatuses(host: RunningHost, complaintId: string): Promise<Status[]> {
  return (await applied(host, complaintId)).map((change) => change.status);
}

export async function setOutage(host: RunningHost, outage: boolean): Promise<void> {
  await sandboxControl(host, 'faults', { outage });
}

export async function serverStatus(host: RunningHost, complaintId: string): Promise<Status> {
  const complaint = await sandboxControl<{ exist: boolean; status?: Status }>(
    host,
    `complaint?id=${encodeURIComponent(complaintId)}`,
  );
  if (!complaint.exist || !complaint.status) throw new Error(`sandbox does not know ${complaintId}`);
  return complaint.status;
}

/** Back to the seed data, faults off, logs cleared (between tests sharing one host). */
export async function resetSandbox(host: RunningHost): Promise<void> {
  await sandboxControl(host, 'reset', {});
}

// --- page -----------------------------------------------------------------------------

/** Online or offline, in English or Czech (the header says it in the app's language). */
export const CONNECTION_TEXT = /Online|Offline|Připojeno|Bez připojení/;

/** The header's global sync indicator (contract: a status whose text says Online or Offline). */
export function syncStatus(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: CONNECTION_TEXT });
}

export function worklist(page: Page): Locator {
  return page
    .getByRole('list', { name: 'Worklist', exact: true })
    .or(page.getByRole('table', { name: 'Worklist', exact: true }))
    .or(page.getByRole('grid', { name: 'Worklist', exact: true }));
}

/** A worklist row: the list item that contains the ID. */
export function row(page: Page, id: string): Locator {
  return worklist(page).getByRole('listitem').filter({ hasText: id });
}

/** The navigation link (header) to a view. */
export function nav(page: Page, name: 'Worklist' | 'Pending changes' | 'Settings' | 'Help'): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** Opens the app and waits until it is ready (the sync indicator is shown; any language). */
export async function openApp(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await expect(syncStatus(page)).toContainText(CONNECTION_TEXT);
}

/** Types IDs into "Complaint IDs" and presses "Add". */
export async function addIds(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Complaint IDs' });
  await box.fill(text);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

/** Adds complaints and waits until each has been downloaded (its row says when). */
export async function addAndFetch(page: Page, ids: readonly string[]): Promise<void> {
  await addIds(page, ids.join('\n'));
  for (const id of ids) {
    await expect(row(page, id)).toContainText(/refreshed/);
  }
}

export function statusSelect(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Status', exact: true });
}

/** Opens a complaint from the worklist by activating its row. */
export async function openFromWorklist(page: Page, id: string): Promise<void> {
  await nav(page, 'Worklist').click();
  await row(page, id).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: `Complaint ${id}` })).toBeVisible();
}

/** Sets a complaint's status on its detail view (opened from the worklist). */
export async function changeStatus(page: Page, id: string, status: Status): Promise<void> {
  await openFromWorklist(page, id);
  const select = statusSelect(page);
  await expect(select).toBeEnabled();
  // Choosing the status it already shows changes nothing: a test that does is wrong.
  await expect(select).not.toHaveValue(status);
  await select.selectOption(status);
  await expect(select).toHaveValue(status);
}

/** The rows of the "Unsent changes" table (Pending changes view). */
export function pendingRows(page: Page): Locator {
  return page.getByRole('table', { name: 'Unsent changes' }).getByRole('row').filter({ has: page.getByRole('rowheader') });
}

export function pendingRow(page: Page, id: string): Locator {
  return pendingRows(page).filter({ has: page.getByRole('rowheader', { name: id }) });
}

// --- new complaints (issue 16) -----------------------------------------------------------

/** Contract text of a worklist row filed in the app and not yet created. */
export const NOT_YET_ON_BIZKITHUB = 'Not yet on BizKitHub';

export interface NewComplaintFields {
  type?: string;
  customerName?: string;
  description?: string;
  orderNumber?: string;
  email?: string;
}

/** Opens New complaint from the worklist (the contract's button or link). */
export async function openNewComplaint(page: Page): Promise<void> {
  await nav(page, 'Worklist').click();
  await page.getByRole('link', { name: 'New complaint', exact: true }).or(page.getByRole('button', { name: 'New complaint', exact: true })).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New complaint' })).toBeVisible();
}

/** Fills the New complaint form (only the fields given) and presses "Save complaint". */
export async function fileNewComplaint(page: Page, fields: NewComplaintFields): Promise<void> {
  if (fields.type !== undefined) {
    await page.getByRole('combobox', { name: 'Type', exact: true }).or(page.getByRole('textbox', { name: 'Type', exact: true })).fill(fields.type);
  }
  if (fields.customerName !== undefined) await page.getByRole('textbox', { name: 'Customer name' }).fill(fields.customerName);
  if (fields.description !== undefined) await page.getByRole('textbox', { name: 'Description' }).fill(fields.description);
  if (fields.orderNumber !== undefined) await page.getByRole('textbox', { name: 'Order number' }).fill(fields.orderNumber);
  if (fields.email !== undefined) await page.getByRole('textbox', { name: 'Email' }).fill(fields.email);
  await page.getByRole('button', { name: 'Save complaint' }).click();
}

export interface SandboxRequest {
  method: string;
  path: string;
  complaintId?: string;
  status?: string;
  outcome: 'ok' | 'error' | 'dropped' | 'rate-limited';
}

/** Every API request the sandbox saw, oldest first. */
export function sandboxRequests(host: RunningHost): Promise<SandboxRequest[]> {
  return sandboxControl<SandboxRequest[]>(host, 'requests');
}

/** The create requests the sandbox received (any outcome), oldest first. */
export async function createRequests(host: RunningHost): Promise<SandboxRequest[]> {
  return (await sandboxRequests(host)).filter((r) => r.path === '/api/v1/shop/complaint/create');
}

// --- storage --------------------------------------------------------------------------

/**
 * Everything the page keeps in its origin's storage, as JSON text per place: every
 * IndexedDB database (`indexedDB:<name>`, all object stores, all records), localStorage,
 * sessionStorage, cookies, and the DOM.
 */
export async function dumpBrowserStorage(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const out: Record<string, string> = {};
    const requestToPromise = <T>(request: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      });
    const databases = await indexedDB.databases();
    for (const info of databases) {
      if (!info.name) continue;
      const opened = indexedDB.open(info.name);
      const db = await requestToPromise(opened);
      const stores: Record<string, unknown> = {};
      for (const storeName of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(storeName, 'readonly');
        const store = tx.objectStore(storeName);
        const [keys, values] = await Promise.all([
          requestToPromise(store.getAllKeys()),
          requestToPromise(store.getAll()),
        ]);
        stores[storeName] = { keys, values };
      }
      db.close();
      out[`indexedDB:${info.name}`] = JSON.stringify(stores);
    }
    const dumpStorage = (storage: Storage) => {
      const entries: Record<string, string | null> = {};
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key !== null) entries[key] = storage.getItem(key);
      }
      return entries;
    };
    out.localStorage = JSON.stringify(dumpStorage(localStorage));
    out.sessionStorage = JSON.stringify(dumpStorage(sessionStorage));
    out.cookies = document.cookie;
    out.dom = document.documentElement.outerHTML;
    return out;
  });
}
