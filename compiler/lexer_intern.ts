// Identifier interning for the lexer: finds a name in the source text
// without slicing it first, so each distinct name is allocated once and
// keywords are recognised by the same lookup.

/** An open-addressing table of names, each with an optional keyword code. */
export class Interner {
  private names: string[] = [];
  private codes: number[] = [];
  private slots: Int32Array;
  private hashes: Int32Array;

  /**
   * Starts with `keywords` mapped to their codes, with room for about
   * `expected` names before the table grows.
   */
  constructor(keywords: Iterable<[string, number]>, expected = 0) {
    let size = 1024;
    while (size < expected * 2 && size < 1 << 22) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(size);
    for (const [word, code] of keywords) {
      const entry = this.intern(word, 0, word.length);
      this.codes[entry] = code;
    }
  }

  /** The entry of `text[start, end)`, adding it if new. */
  intern(text: string, start: number, end: number): number {
    let h = 0;
    for (let i = start; i < end; i++) {
      h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    }
    return this.internHashed(text, start, end, h);
  }

  /**
   * intern with the hash already computed: for each char c of the name,
   * h = h * 31 + c (32-bit), starting from 0.
   */
  internHashed(text: string, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let s = h & mask;; s = (s + 1) & mask) {
      const entry = this.slots[s];
      if (entry < 0) return this.add(s, h, text.slice(start, end));
      if (this.hashes[s] === h && this.matches(entry, text, start, end)) {
        return entry;
      }
    }
  }

  /** The name of an entry. */
  name(entry: number): string {
    return this.names[entry];
  }

  /** The keyword code of an entry, or -1 for a plain name. */
  code(entry: number): number {
    return this.codes[entry];
  }

  private matches(entry: number, text: string, start: number, end: number) {
    const name = this.names[entry];
    if (name.length !== end - start) return false;
    for (let i = 0; i < name.length; i++) {
      if (name.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
    }
    return true;
  }

  private add(slot: number, hash: number, name: string): number {
    const entry = this.names.length;
    this.names.push(name);
    this.codes.push(-1);
    this.slots[slot] = entry;
    this.hashes[slot] = hash;
    if (entry * 2 >= this.slots.length) this.grow();
    return entry;
  }

  private grow() {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const hashes = new Int32Array(size);
    const mask = size - 1;
    for (let s = 0; s < this.slots.length; s++) {
      const entry = this.slots[s];
      if (entry < 0) continue;
      let t = this.hashes[s] & mask;
      while (slots[t] >= 0) t = (t + 1) & mask;
      slots[t] = entry;
      hashes[t] = this.hashes[s];
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}
