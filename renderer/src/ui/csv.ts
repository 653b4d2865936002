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
 * The ID cells of a CSV file, trimmed, blanks dropped, in file order, each with its
 * record number, so a refused cell can be found in the spreadsheet it came from.
 */
export function idCellsFromCsv(text: string): IdCell[] {
  const rows = parseCsv(text);
  if (rows.length === 0) return [];
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const named = header.findIndex((cell) => ID_HEADERS.has(cell));
  const column = named >= 0 ? named : 0;
  const first = named >= 0 ? 1 : 0;
  const cells: IdCell[] = [];
  for (let i = first; i < rows.length; i++) {
    const value = (rows[i]?.[column] ?? '').trim();
    if (value !== '') cells.push({ value, line: i + 1 });
  }
  return cells;
}

/** The ID cells of a CSV file, trimmed, blanks dropped, in file order. */
export function idsFromCsv(text: string): string[] {
  return idCellsFromCsv(text).map((cell) => cell.value);
}
