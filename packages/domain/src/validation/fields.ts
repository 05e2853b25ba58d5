/**
 * Reading a record whose shape is not yet known: the validator treats its input as unknown JSON and asks for each
 * field only what it needs, so no input shape can make it throw.
 */
export type Fields = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the object has the field as its own (a field inherited from a prototype is not data). */
export function has(fields: Fields, key: string): boolean {
  return Object.hasOwn(fields, key);
}

/** The field when it is a string, else undefined (a wrong type is reported by the shape rules). */
export function textAt(fields: Fields, key: string): string | undefined {
  const value = has(fields, key) ? fields[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The field when it is an object. */
export function fieldsAt(fields: Fields, key: string): Fields | undefined {
  const value = has(fields, key) ? fields[key] : undefined;
  return isFields(value) ? value : undefined;
}

/**
 * Sets a field as an own property even when its name is `__proto__`, which plain assignment would not. Plain
 * assignment otherwise: defining properties turns objects into slow dictionaries, and bulk loads validate millions.
 */
export function setField(fields: Fields, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  else fields[key] = value;
}
