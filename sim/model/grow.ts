type TypedArray = Uint8Array | Int8Array | Int32Array | Float64Array;

/** A copy of `a` with room for `cap` elements (new ones zero). */
export function growTyped<T extends TypedArray>(a: T, cap: number): T {
  const next = new (a.constructor as new (n: number) => T)(cap);
  next.set(a);
  return next;
}
