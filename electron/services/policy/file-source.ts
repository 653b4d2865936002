/**
 * A JSON policy file: `/etc/bizkithub-complaints-desk/policy.json` on Linux, or the file
 * named by DESK_POLICY_FILE anywhere. Top-level keys are enforced; the keys under
 * `"defaults"` are defaults. Unreadable, not UTF-8, not JSON or not an object: refused as a
 * whole, named with its reason.
 */
import { DEFAULTS_KEY } from '../../../common/policy';
import { errorCode, errorText, isPlainObject, NOTHING_READ, type FileReader, type SourceRead } from './sources';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
/** A policy file is a handful of lines; anything bigger is not one. */
const MAX_POLICY_FILE_BYTES = 64 * 1024;

/** The whole file, as a source read. `required`: a missing file is a refusal (it was named explicitly). */
export function readPolicyFile(path: string, readFile: FileReader, required: boolean): SourceRead {
  const refuse = (reason: string): SourceRead => ({ found: [], refused: [{ name: '(file)', source: path, code: 'unreadable', reason }] });
  let bytes: Uint8Array;
  try {
    bytes = readFile(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT' && !required) return NOTHING_READ;
    return refuse(errorCode(e) === 'ENOENT' ? 'the file does not exist' : `unreadable (${errorText(e)})`);
  }
  if (bytes.byteLength > MAX_POLICY_FILE_BYTES) return refuse(`larger than ${MAX_POLICY_FILE_BYTES} bytes`);
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return refuse('not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refuse(`not JSON (${errorText(e)})`);
  }
  return splitPolicyObject(json, path);
}

/** `{ ...enforced, defaults: { ... } }` (the JSON file's and the plist's shape) into its two sections. */
export function splitPolicyObject(json: unknown, source: string): SourceRead {
  if (!isPlainObject(json)) return { found: [], refused: [{ name: '(file)', source, code: 'unreadable', reason: 'not an object of policies' }] };
  const { [DEFAULTS_KEY]: defaults, ...enforced } = json;
  if (defaults !== undefined && !isPlainObject(defaults)) {
    return {
      found: [{ source, enforced, defaults: {} }],
      refused: [{ name: DEFAULTS_KEY, source, code: 'unreadable', reason: 'not an object of policies' }],
    };
  }
  return { found: [{ source, enforced, defaults: defaults ?? {} }], refused: [] };
}
