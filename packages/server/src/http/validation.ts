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
