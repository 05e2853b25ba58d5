import { Type } from 'typebox';

export const FieldErrorSchema = Type.Object({
  path: Type.String({ description: 'JSON Pointer of the field' }),
  code: Type.String({ description: 'Stable code of the rule' }),
  message: Type.String({ description: 'Message in Ukrainian' }),
});

/** RFC 9457 problem document. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: 'Problem#', description: 'Problem' }]));
