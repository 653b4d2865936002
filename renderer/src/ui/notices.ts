/**
 * The third-party notices the build writes next to index.html
 * (scripts/third-party-notices.mjs), fetched from the app's own origin for Help → About.
 */
export const NOTICES_URL = './third-party-notices.txt';

export type NoticesResult = { ok: true; text: string } | { ok: false };

/** Loads the notices; `{ ok: false }` when the file is missing or empty (a development build without it). */
export async function loadNotices(fetchFn: (url: string) => Promise<Response> = (url) => fetch(url)): Promise<NoticesResult> {
  try {
    const response = await fetchFn(NOTICES_URL);
    if (!response.ok) return { ok: false };
    const text = await response.text();
    return text.trim() === '' ? { ok: false } : { ok: true, text };
  } catch {
    return { ok: false };
  }
}
