// A fast 128-bit checksum of a cached library's bytes (its integrity
// sidecar): four xxHash32-style lanes over 32-bit words plus the length.
// Not cryptographic; it detects truncation (the length) and any change of a
// single word with certainty (each lane round is a bijection of its state),
// and costs ~1 operation a byte, so even cold (un-optimised) JavaScript
// checks a library in well under a millisecond, where SHA-256 took ~5 ms.

const P1 = 0x9e3779b1, P2 = 0x85ebca77, P3 = 0xc2b2ae3d, P4 = 0x27d4eb2f;

function round(acc: number, w: number): number {
  const x = (acc + Math.imul(w, P2)) | 0;
  return Math.imul((x << 13) | (x >>> 19), P1);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The checksum of `bytes` as "LENGTH-HEX32" (32 hex digits). */
export function quickDigest(bytes: Uint8Array): string {
  const n = bytes.length, words = n >>> 2;
  const aligned = bytes.byteOffset % 4 === 0
    ? bytes
    : new Uint8Array(bytes.subarray(0, words * 4));
  const u = new Uint32Array(aligned.buffer, aligned.byteOffset, words);
  let a = (P1 + P2) | 0, b = P2, c = 0, d = -P1 | 0;
  let i = 0;
  for (; i + 4 <= words; i += 4) {
    a = round(a, u[i]);
    b = round(b, u[i + 1]);
    c = round(c, u[i + 2]);
    d = round(d, u[i + 3]);
  }
  for (; i < words; i++) a = round(a, u[i]);
  for (let j = words * 4; j < n; j++) b = round(b, bytes[j]);
  const h = [
    fmix(a ^ n ^ Math.imul(d, P3)),
    fmix(b ^ Math.imul(a, P4)),
    fmix(c ^ Math.imul(b, P3)),
    fmix(d ^ Math.imul(c, P4) ^ n),
  ];
  return `${n}-${h.map((x) => x.toString(16).padStart(8, "0")).join("")}`;
}
