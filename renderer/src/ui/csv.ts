/**
 * Complaint IDs from a CSV file: the column named id / complaintId (any case, also
 * complaint_id, "complaint id"), else the first column. Quoted fields, "" escapes,
 * CRLF, a BOM, and `,` `;` or tab as the delimiter are handled.
 */
const ID_HEADERS = new Set(['id', 'complaintid', 'complaint_id', 'complaint id', 'complaint-id']);

/** Counts each candidate in the first record; quote-aware, so a line break inside a quoted cell does not end it. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [candidate, count] of counts) {
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

export function parseCsv(input: string): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** One ID cell: its text (trimmed) and the line of the file it came from (1-based, header included). */
export interface IdCell {
  value: string;
  line: number;
}

/**
 * Largest CSV file an import reads. Worklists are thousands of complaints, not millions;
 * a file this large is read in slices that yield, so neither the window nor the sync
 * engine (which runs on the same thread) waits for it.
 */
export const CSV_MAX_BYTES = 50 * 1024 * 1024;
/** Most IDs one import adds: more than any worklist the app is built for. */
export const CSV_MAX_IDS = 20_000;

/**
 * The ID column of a CSV, read piece by piece: `push` any part of the text, `end` once.
 * Same rules as `parseCsv` (the delimiter from the first record, quotes, "" escapes,
 * CRLF, a BOM); only the ID column's cells are kept, so memory stays with the IDs.
 */
export class IdCellReader {
  readonly cells: IdCell[] = [];
  private delimiter: string | null = null;
  /** Text held until the first record is complete (the delimiter is chosen from it). */
  private head = '';
  private headQuoted = false;
  private started = false;
  private quoted = false;
  /** The field's length as parseCsv would have it (a quote opens only an empty field). */
  private fieldLength = 0;
  /** The field's text, kept only in the first record and in the ID column. */
  private field = '';
  private col = 0;
  private record = 0;
  private firstRecord: string[] = [];
  private column = 0;
  private firstDataRecord = 0;
  /** A `\r` ended the last piece: a `\n` starting the next one belongs to it. */
  private afterCr = false;
  /** A quote inside a quoted field ended the last piece: the next piece tells escape from end. */
  private pendingQuote = false;

  push(text: string): void {
    if (text === '') return;
    if (!this.started) {
      this.started = true;
      text = text.replace(/^\uFEFF/, '');
    }
    if (this.delimiter !== null) {
      this.feed(text);
      return;
    }
    // The delimiter needs the whole first record (as detectDelimiter reads it).
    const from = this.head.length;
    this.head += text;
    for (let i = from; i < this.head.length; i++) {
      const ch = this.head[i];
      if (ch === '"') this.headQuoted = !this.headQuoted;
      else if (!this.headQuoted && (ch === '\n' || ch === '\r')) {
        this.startParsing();
        return;
      }
    }
  }

  end(): IdCell[] {
    if (this.delimiter === null) this.startParsing();
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoted = false;
    }
    if (this.fieldLength > 0 || this.col > 0) this.endRecord();
    return this.cells;
  }

  private startParsing(): void {
    const head = this.head;
    this.head = '';
    this.delimiter = detectDelimiter(head);
    this.feed(head);
  }

  private feed(text: string): void {
    const delimiter = this.delimiter;
    let i = 0;
    if (this.pendingQuote) {
      // The quote that ended the last piece: an escape if this piece starts with another.
      this.pendingQuote = false;
      if (text[0] === '"') {
        this.append('"');
        i = 1;
      } else this.quoted = false;
    }
    if (this.afterCr) {
      this.afterCr = false;
      if (text[0] === '\n') i = 1;
    }
    for (; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.quoted) {
        if (ch === '"') {
          if (i + 1 >= text.length) {
            // Whether it is an escape depends on the next piece: decide then.
            this.pendingQuote = true;
            continue;
          }
          if (text[i + 1] === '"') {
            this.append('"');
            i++;
          } else this.quoted = false;
        } else this.append(ch);
      } else if (ch === '"' && this.fieldLength === 0) this.quoted = true;
      else if (ch === delimiter) this.endField();
      else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') {
          if (i + 1 >= text.length) this.afterCr = true;
          else if (text[i + 1] === '\n') i++;
        }
        this.endRecord();
      } else this.append(ch);
    }
  }

  private append(ch: string): void {
    this.fieldLength += 1;
    if (this.record === 0 || this.col === this.column) this.field += ch;
  }

  private endField(): void {
    if (this.record === 0) this.firstRecord.push(this.field);
    else if (this.col === this.column) this.take(this.field);
    this.field = '';
    this.fieldLength = 0;
    this.col += 1;
  }

  private endRecord(): void {
    this.endField();
    if (this.record === 0) {
      const header = this.firstRecord.map((cell) => cell.trim().toLowerCase());
      const named = header.findIndex((cell) => ID_HEADERS.has(cell));
      this.column = named >= 0 ? named : 0;
      this.firstDataRecord = named >= 0 ? 1 : 0;
      if (this.firstDataRecord === 0) this.takeAt(this.firstRecord[0] ?? '', 0);
      this.firstRecord = [];
    }
    this.record += 1;
    this.col = 0;
  }

  private take(value: string): void {
    this.takeAt(value, this.record);
  }

  private takeAt(value: string, record: number): void {
    const trimmed = value.trim();
    if (trimmed !== '') this.cells.push({ value: trimmed, line: record + 1 });
  }
}

/**
 * The ID cells of a CSV file, trimmed, blanks dropped, in file order, each with its
 * record number, so a refused cell can be found in the spreadsheet it came from.
 */
export function idCellsFromCsv(text: string): IdCell[] {
  const reader = new IdCellReader();
  reader.push(text);
  return reader.end();
}

/** The ID cells of a CSV file, trimmed, blanks dropped, in file order. */
export function idsFromCsv(text: string): string[] {
  return idCellsFromCsv(text).map((cell) => cell.value);
}

export type CsvFileRead =
  | { kind: 'ok'; cells: IdCell[] }
  /** Larger than CSV_MAX_BYTES: not read at all. */
  | { kind: 'too-large'; bytes: number }
  /** More than CSV_MAX_IDS ID cells: reading stopped there. */
  | { kind: 'too-many'; max: number };

export interface CsvReadOptions {
  maxBytes?: number;
  maxIds?: number;
  /** Characters handled between two yields. */
  sliceChars?: number;
  /** Gives the thread back (to the UI, the sync engine) between slices. */
  yieldNow?: () => Promise<void>;
}

/** A slice of a few milliseconds' work, even on a slow machine. */
const SLICE_CHARS = 64 * 1024;

const giveWay = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The ID cells of a CSV file, read as a stream and parsed in slices with a yield after
 * each, so that a file near the size limit neither freezes the window nor holds up the
 * sync engine's timers and answers (they share this thread). The size is checked before
 * anything is read; the ID count stops the reading as soon as it is exceeded.
 */
export async function readIdCellsFromFile(file: Blob, options: CsvReadOptions = {}): Promise<CsvFileRead> {
  const maxBytes = options.maxBytes ?? CSV_MAX_BYTES;
  const maxIds = options.maxIds ?? CSV_MAX_IDS;
  const slice = Math.max(1, options.sliceChars ?? SLICE_CHARS);
  const yieldNow = options.yieldNow ?? giveWay;
  if (file.size > maxBytes) return { kind: 'too-large', bytes: file.size };
  const reader = new IdCellReader();
  const decoder = new TextDecoder();
  const stream = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      for (let at = 0; at < text.length; at += slice) {
        reader.push(text.slice(at, at + slice));
        if (reader.cells.length > maxIds) return { kind: 'too-many', max: maxIds };
        await yieldNow();
      }
    }
  } finally {
    stream.cancel().catch(() => undefined);
  }
  reader.push(decoder.decode());
  const cells = reader.end();
  return cells.length > maxIds ? { kind: 'too-many', max: maxIds } : { kind: 'ok', cells };
}

/** Runs `run` on `items` in batches of `size`, giving the thread back between batches. */
export async function inBatches<T>(
  items: readonly T[],
  size: number,
  run: (batch: T[]) => Promise<void>,
  yieldNow: () => Promise<void> = giveWay,
): Promise<void> {
  const step = Math.max(1, Math.floor(size));
  for (let at = 0; at < items.length; at += step) {
    if (at > 0) await yieldNow();
    await run(items.slice(at, at + step));
  }
}
