/**
 * Short messages about what just happened ("Status changed to Waiting — saved on this
 * computer, will be sent"), with at most one action (Undo). Shown in one polite live
 * region. A notice stays until replaced, dismissed, or (when nobody is interacting with
 * it) a generous timeout passes.
 *
 * A text given as a function is read again on each render, so the notice follows a
 * language switch; a notice with a fixed text is dropped on a switch instead (it cannot
 * say itself in the new language). Notices with an action are dropped when the
 * workspace they act on ends (another destination).
 */
export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

/** Fixed text, or a function that says it in the current language. */
export type NoticeText = string | (() => string);

export function noticeText(text: NoticeText): string {
  return typeof text === 'function' ? text() : text;
}

export interface NoticeAction {
  label: NoticeText;
  run: () => void | Promise<void>;
}

export interface Notice {
  id: number;
  tone: NoticeTone;
  message: NoticeText;
  action?: NoticeAction;
  /** A notice replaces any earlier one with the same slot (e.g. the last status change's Undo). */
  slot?: string;
}

const MAX_NOTICES = 3;
const LIFETIME_MS = 20_000;

export const notices = $state<{ list: Notice[] }>({ list: [] });

let nextId = 1;
// Plain bookkeeping, not UI state.
const timers: Record<number, ReturnType<typeof setTimeout>> = {};
const held: Record<number, true> = {};

export function dismissNotice(id: number): void {
  const timer = timers[id];
  if (timer) clearTimeout(timer);
  delete timers[id];
  delete held[id];
  notices.list = notices.list.filter((n) => n.id !== id);
}

function schedule(id: number): void {
  const existing = timers[id];
  if (existing) clearTimeout(existing);
  timers[id] = setTimeout(() => {
    if (held[id]) return;
    dismissNotice(id);
  }, LIFETIME_MS);
}

/** Shows a notice; one with a `slot` replaces the earlier notice of that slot. */
export function showNotice(notice: Omit<Notice, 'id'>): number {
  const id = nextId++;
  if (notice.slot !== undefined) {
    for (const old of notices.list.filter((n) => n.slot === notice.slot)) dismissNotice(old.id);
  }
  const list = [...notices.list, { ...notice, id }];
  while (list.length > MAX_NOTICES) {
    const dropped = list.shift();
    if (dropped) dismissNotice(dropped.id);
  }
  notices.list = list;
  schedule(id);
  return id;
}

/** While the pointer or focus is in a notice it does not time out. */
export function holdNotice(id: number, hold: boolean): void {
  if (hold) held[id] = true;
  else {
    delete held[id];
    if (notices.list.some((n) => n.id === id)) schedule(id);
  }
}

/** Drops every notice the predicate picks (a language switch, the end of a workspace). */
export function dropNotices(drop: (notice: Notice) => boolean): void {
  for (const notice of notices.list.filter(drop)) dismissNotice(notice.id);
}

/** The notices that cannot re-render in another language. */
export function hasFixedText(notice: Notice): boolean {
  return typeof notice.message === 'string' || typeof notice.action?.label === 'string';
}
