type TypedArray = Uint8Array | Int8Array | Int32Array | Float64Array;

/** A copy of `a` with room for `cap` elements (new ones zero). */
export function growTyped<T extends TypedArray>(a: T, cap: number): T {
  const next = new (a.constructor as new (n: number) => T)(cap);
  next.set(a);
  return next;
}

/**
 * Gives every typed-array column of a table (its own fields, parallel arrays indexed by slot) room
 * for `cap` elements, so a column added to the table is grown without being listed a second time.
 */
export function growColumns(table: object, cap: number): void {
  const columns = table as Record<string, unknown>;
  for (const key of Object.keys(columns)) {
    const column = columns[key];
    if (ArrayBuffer.isView(column)) columns[key] = growTyped(column as TypedArray, cap);
  }
}
