// File access for the data formats: reading and writing whole files, gzip
// detection and inflation, and the R0011 / R0014 errors that name the file.
// Every failure (missing file, directory, permission, corrupt gzip) becomes a
// KernelError; nothing here lets a JS exception escape.

import { gunzipSync } from "node:zlib";
import { KernelError } from "../errors.ts";

/** R0011 `cannot read `name`: detail`, the error of every reader. */
export function readError(name: string, detail: string): KernelError {
  return new KernelError("R0011", [name, detail]);
}

/** R0014 `cannot write `name`: detail`, the error of every writer. */
export function writeError(name: string, detail: string): KernelError {
  return new KernelError("R0014", [name, detail]);
}

/** A short, user-facing reason for a failed file system call. */
export function describeFsError(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "no such file or directory";
  if (e instanceof Deno.errors.IsADirectory) return "it is a directory";
  if (
    e instanceof Deno.errors.PermissionDenied ||
    e instanceof Deno.errors.NotCapable
  ) {
    return "permission denied";
  }
  if (e instanceof Error) return e.message.replace(/ \(os error \d+\).*$/, "");
  return String(e);
}

/** Reads a whole file; R0011 naming `path` when it cannot be read. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return Deno.readFileSync(path);
  } catch (e) {
    throw readError(path, describeFsError(e));
  }
}

/** Reads a whole UTF-8 text file; R0011 when unreadable or not valid UTF-8. */
export function readFileText(path: string): string {
  const bytes = readFileBytes(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw readError(path, "the file is not valid UTF-8 text");
  }
}

/** Writes a whole file; R0014 naming `path` when it cannot be written. */
export function writeFileBytes(path: string, bytes: Uint8Array): void {
  try {
    Deno.writeFileSync(path, bytes);
  } catch (e) {
    throw writeError(path, describeFsError(e));
  }
}

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates `bytes` when they are gzip data (all members), else returns them
 * unchanged. Corrupt or truncated gzip data is R0011 naming `name`.
 */
export function gunzipIfNeeded(bytes: Uint8Array, name: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    const out = gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw readError(name, `corrupt gzip data (${why})`);
  }
}
