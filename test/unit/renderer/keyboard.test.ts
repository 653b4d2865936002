// Keyboard helpers: ↓ from Search, Alt+↓ / Alt+↑ on a complaint's page and where they lead.
import { describe, expect, it } from 'vitest';
import { complaintStep, isPlainArrowDown, neighbourOf } from '../../../renderer/src/ui/keyboard';

const key = (init: Partial<KeyboardEvent>): KeyboardEvent =>
  ({ key: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...init }) as KeyboardEvent;

describe('keyboard', () => {
  it('Alt+↓ is the next complaint, Alt+↑ the previous; other combinations are not', () => {
    expect(complaintStep(key({ key: 'ArrowDown', altKey: true }))).toBe(1);
    expect(complaintStep(key({ key: 'ArrowUp', altKey: true }))).toBe(-1);
    expect(complaintStep(key({ key: 'ArrowDown' }))).toBeNull();
    expect(complaintStep(key({ key: 'ArrowDown', altKey: true, ctrlKey: true }))).toBeNull();
    expect(complaintStep(key({ key: 'ArrowDown', altKey: true, shiftKey: true }))).toBeNull();
    expect(complaintStep(key({ key: 'ArrowLeft', altKey: true }))).toBeNull();
  });

  it('the neighbour along the list, none past either end or for a complaint not in it', () => {
    const ids = ['a', 'b', 'c'];
    expect(neighbourOf(ids, 'a', 1)).toBe('b');
    expect(neighbourOf(ids, 'c', -1)).toBe('b');
    expect(neighbourOf(ids, 'c', 1)).toBeNull();
    expect(neighbourOf(ids, 'a', -1)).toBeNull();
    expect(neighbourOf(ids, 'x', 1)).toBeNull();
  });

  it('↓ alone leaves Search for the list; with a modifier it does not', () => {
    expect(isPlainArrowDown(key({ key: 'ArrowDown' }))).toBe(true);
    expect(isPlainArrowDown(key({ key: 'ArrowDown', shiftKey: true }))).toBe(false);
    expect(isPlainArrowDown(key({ key: 'ArrowDown', altKey: true }))).toBe(false);
    expect(isPlainArrowDown(key({ key: 'ArrowUp' }))).toBe(false);
  });
});
