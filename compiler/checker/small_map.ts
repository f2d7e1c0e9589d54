// A string-keyed map for the few names a model declares: up to four
// entries in fields (no hash table), a Map past that. Models keep two for
// the whole check, so their size counts towards garbage collection.

/** A name → value map with Map's get/has/set/forEach for small sizes. */
export class SmallMap<V> {
  private size = 0;
  private k0: string | null = null;
  private v0: V | undefined = undefined;
  private k1: string | null = null;
  private v1: V | undefined = undefined;
  private k2: string | null = null;
  private v2: V | undefined = undefined;
  private k3: string | null = null;
  private v3: V | undefined = undefined;
  private map: Map<string, V> | null = null;

  /** The value of `key`, or undefined. */
  get(key: string): V | undefined {
    if (this.map !== null) return this.map.get(key);
    const n = this.size;
    if (n > 0 && this.k0 === key) return this.v0;
    if (n > 1 && this.k1 === key) return this.v1;
    if (n > 2 && this.k2 === key) return this.v2;
    if (n > 3 && this.k3 === key) return this.v3;
    return undefined;
  }

  /** True if `key` has a value. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets `key` (replacing its value in place if present). */
  set(key: string, value: V): void {
    if (this.map !== null) {
      this.map.set(key, value);
      return;
    }
    const n = this.size;
    if (n > 0 && this.k0 === key) this.v0 = value;
    else if (n > 1 && this.k1 === key) this.v1 = value;
    else if (n > 2 && this.k2 === key) this.v2 = value;
    else if (n > 3 && this.k3 === key) this.v3 = value;
    else if (n === 4) {
      const m = new Map<string, V>();
      this.forEach((v, k) => m.set(k, v));
      m.set(key, value);
      this.map = m;
    } else {
      if (n === 0) {
        this.k0 = key;
        this.v0 = value;
      } else if (n === 1) {
        this.k1 = key;
        this.v1 = value;
      } else if (n === 2) {
        this.k2 = key;
        this.v2 = value;
      } else {
        this.k3 = key;
        this.v3 = value;
      }
      this.size = n + 1;
    }
  }

  /** Calls `f` on each entry in insertion order (`this` bound to `self`). */
  forEach<T>(f: (this: T, value: V, key: string) => void, self?: T): void {
    if (this.map !== null) {
      for (const [k, v] of this.map) f.call(self as T, v, k);
      return;
    }
    const n = this.size;
    if (n > 0) f.call(self as T, this.v0!, this.k0!);
    if (n > 1) f.call(self as T, this.v1!, this.k1!);
    if (n > 2) f.call(self as T, this.v2!, this.k2!);
    if (n > 3) f.call(self as T, this.v3!, this.k3!);
  }
}
