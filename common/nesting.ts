/**
 * How deeply a value nests objects and arrays, checked without recursion (so a hostile
 * value cannot overflow the stack while being measured). Values nested thousands deep, or
 * cyclic ones (structured clone allows cycles), break JSON.stringify and structured clone
 * (RangeError / TypeError) wherever they are handed on; the IPC boundary and the API
 * client refuse them up front instead.
 */

/** True if `value` nests objects, arrays, Maps or Sets more than `max` levels deep (a cycle always does). */
export function nestingExceeds(value: unknown, max: number): boolean {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 1 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { v, depth } = item;
    // Primitives and typed arrays (only numbers inside) add no depth.
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    if (depth > max) return true;
    const children: Iterable<unknown> =
      v instanceof Map ? v.values() : v instanceof Set ? v.values() : Array.isArray(v) ? v : Object.values(v);
    for (const child of children) stack.push({ v: child, depth: depth + 1 });
  }
  return false;
}
