import { isUnstorableText } from '@aikom/domain/storable-text';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Locale } from 'typebox/system';
import type { FieldError } from '../errors';

// Messages of schema validation are shown to people: Ukrainian.
Locale.Set(Locale.uk_UA);

export class SchemaValidationError extends Error {
  constructor(
    readonly part: string,
    readonly errors: FieldError[],
  ) {
    super('schema validation failed');
  }
}

/**
 * Fastify validator compiler on TypeBox: query strings, params and headers are converted (they arrive as text) and
 * get their defaults; bodies are checked as sent, with unknown properties rejected where the schema says so.
 */
export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = Compile(schema);
  const convert = httpPart !== 'body';
  return (data: unknown) => {
    const value = convert ? validator.Default(validator.Convert(data)) : validator.Default(data);
    if (validator.Check(value)) return { value };
    const errors: FieldError[] = validator.Errors(value).map((e) => ({
      path: e.instancePath || '/',
      code: `SCHEMA_${e.keyword.toUpperCase()}`,
      message: e.message,
    }));
    return { error: new SchemaValidationError(httpPart ?? 'body', errors) };
  };
};

/**
 * The JSON Pointer of the first string (key or value) in a parsed request part that cannot be stored
 * (`isUnstorableText`: U+0000, a lone surrogate), or undefined. They would otherwise fail deep inside a write as a
 * server error, or, echoed into a stored batch result, after the records were written (found by the hostile-input
 * tests).
 * Iterative: a deeply nested body must not overflow the stack here.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (isUnstorableText(v)) return path || '/';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const key = k.replace(/~/g, '~0').replace(/\//g, '~1');
        if (isUnstorableText(k)) return `${path}/${key.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD')}`;
        stack.push([x, `${path}/${key}`]);
      }
    }
  }
  return undefined;
}
