/** True when a key press belongs to a text field or control (shortcuts must not steal it). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(type);
  }
  return false;
}

/** Ctrl+K, or Cmd+K on macOS. */
export function isCommandK(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
}

export function hasModifier(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey || event.altKey;
}

/** ↓ alone (no modifier, not Shift): from the worklist's Search into its list. */
export function isPlainArrowDown(event: KeyboardEvent): boolean {
  return event.key === 'ArrowDown' && !hasModifier(event) && !event.shiftKey;
}

/** On a complaint's page, Alt+↓ / Alt+↑ (no other modifier): the next (+1) or previous (−1) complaint. */
export function complaintStep(event: KeyboardEvent): 1 | -1 | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.key === 'ArrowDown') return 1;
  if (event.key === 'ArrowUp') return -1;
  return null;
}

/** The complaint `step` places from `id` in the list the agent was looking at; null at either end or when `id` is not in it. */
export function neighbourOf(ids: readonly string[], id: string, step: 1 | -1): string | null {
  const index = ids.indexOf(id);
  if (index === -1) return null;
  return ids[index + step] ?? null;
}
