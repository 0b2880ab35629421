/**
 * The code cache file beside the bundle's script form (scripts/bundle/script-form.mjs): V8's
 * cached data behind one header line that names the build it was made from and the data's CRC-32.
 * V8 checks its own version, its flags and the source's length before it takes a cache, but not
 * the source itself, so a cache of another build of the same length would be taken: the build id
 * must be the one the script form ends with. Nor does it check the data, and a damaged cache
 * stops the process in V8's deserializer (measured: a fatal "Check failed" and SIGTRAP), so the
 * CRC-32 must match before V8 sees it.
 */
import { crc32 } from 'node:zlib';

/** How the script form names its build, on its last line (scripts/bundle/script-form.mjs). */
export const BUILD_ID_PREFIX = '//# smoothtask-build-id=';

const HEADER_PREFIX = 'smoothtask-code-cache ';
/** Longer than any header this writes; a file without a newline that soon is not a cache. */
const HEADER_MAX = 128;

/** The build id on the script form's last line, or undefined when there is none. */
export function buildIdOf(script: string): string | undefined {
  const at = script.lastIndexOf(BUILD_ID_PREFIX);
  if (at < 0) return undefined;
  const id = script.slice(at + BUILD_ID_PREFIX.length).trim();
  return /^[0-9a-f]{8,64}$/.test(id) ? id : undefined;
}

function headerFor(id: string, data: Uint8Array): string {
  return `${HEADER_PREFIX}${id} ${crc32(data).toString(16).padStart(8, '0')}`;
}

/** A cache file's bytes: the header (the build id, the data's CRC-32), then V8's data. */
export function encodeCodeCache(id: string, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${headerFor(id, data)}\n`, 'latin1'), data]);
}

/**
 * V8's data in a cache file when its header names `id` and the data is whole; undefined for
 * another build, a damaged or cut file, or no cache.
 */
export function decodeCodeCache(file: Buffer, id: string): Buffer | undefined {
  const newline = file.subarray(0, HEADER_MAX).indexOf(0x0a);
  if (newline < 0) return undefined;
  const data = file.subarray(newline + 1);
  if (data.length === 0 || file.toString('latin1', 0, newline) !== headerFor(id, data)) return undefined;
  return data;
}
