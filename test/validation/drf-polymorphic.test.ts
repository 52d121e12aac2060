// A polymorphic serializer (an OpenAPI discriminator, as the tenant converter writes it): the discriminator's value
// picks the branch that reads the object.
import { describe, expect, it } from '@jest/globals';
import type { AccountSchema } from '../../src/validation/account-schema.js';
import { checkPayload } from '../../src/validation/drf/check-payload.js';

const document = {
  type: 'object',
  properties: {
    transactions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: ['CHARGE', 'PAYMENT'] } },
        allOf: [
          { if: { properties: { type: { const: 'CHARGE' } } }, then: { $ref: '#/$defs/Charge' } },
          { if: { properties: { type: { const: 'PAYMENT' } } }, then: { $ref: '#/$defs/Payment' } },
        ],
        'x-discriminator': {
          propertyName: 'type',
          mapping: { CHARGE: '#/$defs/Charge', PAYMENT: '#/$defs/Payment' },
        },
      },
    },
  },
  $defs: {
    Charge: {
      type: 'object',
      required: ['amount'],
      properties: { amount: { type: 'string', format: 'decimal', pattern: '^-?\\d{0,8}(?:\\.\\d{0,2})?$' } },
    },
    Payment: {
      type: 'object',
      required: ['method'],
      properties: { type: { enum: ['PAYMENT'] }, method: { enum: ['CARD', 'CHEQUE'] } },
    },
  },
};
const schema: AccountSchema = { document, source: 'test', checksum: 'polymorphic-test', title: 'Polymorphic' };
const errorsOf = (transactions: unknown) =>
  checkPayload(schema, { transactions }, { unknownFields: 'warn', build: false }).errors.map(
    (error) => `${error.attr ?? ''} ${error.code}`,
  );

describe('polymorphic serializers', () => {
  it('reads each object with the branch its discriminator names', () => {
    expect(
      errorsOf([
        { type: 'CHARGE', amount: '12.50' },
        { type: 'PAYMENT', method: 'CARD' },
      ]),
    ).toEqual([]);
    expect(
      errorsOf([
        { type: 'CHARGE', amount: '1.234' },
        { type: 'PAYMENT', method: 'CASH' },
      ]),
    ).toEqual(['transactions.0.amount max_decimal_places', 'transactions.1.method invalid_choice']);
    expect(errorsOf([{ type: 'CHARGE' }])).toEqual(['transactions.0.amount required']);
  });

  it('refuses a missing or unknown discriminator at its field', () => {
    expect(errorsOf([{ amount: '1' }, { type: 'REFUND' }, { type: null }, 'x'])).toEqual([
      'transactions.0.type required',
      'transactions.1.type invalid_choice',
      'transactions.2.type null',
      'transactions.3.non_field_errors invalid',
    ]);
  });

  it('warns of fields only another branch has, not of the discriminator', () => {
    const check = checkPayload(
      schema,
      { transactions: [{ type: 'CHARGE', amount: '1', method: 'CARD' }] },
      { unknownFields: 'warn', build: false },
    );
    expect(check.warnings.map((warning) => warning.attr)).toEqual(['transactions.0.method']);
  });
});
