import { describe, expect, it } from 'vitest';
import { fieldsAt, has, isFields, setField, textAt } from './fields';

describe('isFields', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [Object.create(null), true],
    [null, false],
    [[], false],
    ['{}', false],
    [1, false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isFields(value)).toBe(expected);
  });
});

describe('reading fields', () => {
  const fields = { name: 'Тарас', age: 11, nested: { a: 1 }, list: [1] };

  it('reads own fields only', () => {
    expect(has(fields, 'name')).toBe(true);
    expect(has(fields, 'toString')).toBe(false);
    expect(textAt(fields, 'toString')).toBeUndefined();
    expect(fieldsAt(fields, 'constructor')).toBeUndefined();
  });

  it('gives a field only when it has the asked type', () => {
    expect(textAt(fields, 'name')).toBe('Тарас');
    expect(textAt(fields, 'age')).toBeUndefined();
    expect(fieldsAt(fields, 'nested')).toEqual({ a: 1 });
    expect(fieldsAt(fields, 'list')).toBeUndefined();
    expect(fieldsAt(fields, 'missing')).toBeUndefined();
  });
});

describe('setField', () => {
  it('sets __proto__ as an own field, leaving the prototype alone', () => {
    const target: Record<string, unknown> = {};
    setField(target, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__']);
    expect(target.polluted).toBeUndefined();
  });

  it('sets an ordinary field that stays writable', () => {
    const target: Record<string, unknown> = {};
    setField(target, 'a', 1);
    target.a = 2;
    expect(target).toEqual({ a: 2 });
  });
});
