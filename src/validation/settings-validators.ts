// Generated from schemas/config.schema.json and schemas/mapping.schema.json by scripts/compile-schemas.mjs
// (`npm run generate:validators`; `npm run typecheck` checks it is up to date); do not edit by hand.
// @ts-nocheck
'use strict';
export const config = validate20;
const schema31 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://kraken-import.local/schemas/config.schema.json',
  title: 'Config',
  description:
    'kraken-import.yaml: settings below command-line flags and environment variables. Unknown keys are errors.',
  type: 'object',
  additionalProperties: false,
  properties: {
    base_url: {
      type: 'string',
      minLength: 1,
      description: 'The Kraken API base URL, such as https://api.example-tenant.kraken.tech.',
    },
    api_key_file: { type: 'string', minLength: 1, description: 'A file holding the API key (never the key itself).' },
    auth: { enum: ['token', 'jwt'] },
    import_supplier: { type: 'string', minLength: 1 },
    concurrency: { type: 'integer', minimum: 1, maximum: 256 },
    rate: { type: 'number', exclusiveMinimum: 0 },
    wait_timeout: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Seconds to wait for one import to reach a terminal status.',
    },
    encoding: {
      enum: ['utf-8', 'latin1', 'windows-1252', 'utf-16le'],
      description: 'Character encoding of the input files (default utf-8; a UTF-8 or UTF-16 BOM is honoured).',
    },
    max_record_bytes: {
      type: 'integer',
      minimum: 1,
      description: 'A record (NDJSON line or CSV row) longer than this is an error of its own (default 16 MiB).',
    },
    max_outage: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Seconds every request may keep failing (an outage) before the run stops with exit 3.',
    },
    allow_insecure_http: { type: 'boolean' },
    strict: {
      enum: ['off', 'warn', 'error'],
      description:
        'Values Kraken would coerce ("240" for an integer): accepted (off, the default), warnings, or errors.',
    },
    normalize: {
      type: 'boolean',
      description: 'push sends each account as Kraken reads it (coerced, trimmed) instead of as given.',
    },
    payload_wrapper: { enum: ['wrapped', 'bare'] },
    schema: {
      type: 'string',
      minLength: 1,
      description:
        "The tenant's own schema (a document saved by `schema pull`, or a JSON Schema), relative to this file; the built-in schema when absent.",
    },
    tenant: {
      type: 'object',
      additionalProperties: false,
      properties: {
        region: {
          type: ['string', 'null'],
          pattern: '^[A-Z]{2}$',
          description:
            "Region of phone numbers and postal codes (default US; none under a tenant's own schema); null checks neither.",
        },
        time_zone: {
          type: 'string',
          minLength: 1,
          description:
            "The tenant's TIME_ZONE (IANA name, default UTC): where a date-time without an offset is placed.",
        },
        postal_code_pattern: { type: ['string', 'null'] },
        unknown_fields: { enum: ['error', 'warn', 'ignore'] },
        ledger_codes: { $ref: '#/$defs/List' },
        user_detail_namespaces: { $ref: '#/$defs/List' },
        premise_types: { $ref: '#/$defs/List' },
        property_types: { $ref: '#/$defs/List' },
        register_types: { $ref: '#/$defs/List' },
        billing_document_types: { $ref: '#/$defs/List' },
        transaction_reasons: { $ref: '#/$defs/List' },
        meter_phases: { $ref: '#/$defs/List' },
        meter_statuses: { $ref: '#/$defs/List' },
        retrieval_methods: { $ref: '#/$defs/List' },
        supplier_settings: {
          type: 'object',
          description:
            "The import supplier's settings that pick a serializer the payload cannot show (a tenant schema's setting discriminators, such as enforce_strict_billing_options: true); an unset setting takes the unset branch.",
          additionalProperties: { type: ['boolean', 'string', 'null'] },
        },
      },
    },
  },
  $defs: {
    List: {
      description: 'The complete list of accepted values; null turns the check off.',
      type: ['array', 'null'],
      items: { type: 'string' },
    },
  },
};
const schema32 = {
  description: 'The complete list of accepted values; null turns the check off.',
  type: ['array', 'null'],
  items: { type: 'string' },
};
const func1 = Object.prototype.hasOwnProperty;
import func2Module from 'ajv/dist/runtime/ucs2length.js';
const func2 = func2Module.default;
const pattern4 = new RegExp('^[A-Z]{2}$', 'u');
function validate20(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  /*# sourceURL="https://kraken-import.local/schemas/config.schema.json" */ let vErrors = null;
  let errors = 0;
  const evaluated0 = validate20.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func1.call(schema31.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema31,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.base_url !== undefined) {
      let data0 = data.base_url;
      if (typeof data0 === 'string') {
        if (func2(data0) < 1) {
          const err1 = {
            instancePath: instancePath + '/base_url',
            schemaPath: '#/properties/base_url/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema31.properties.base_url,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/base_url',
          schemaPath: '#/properties/base_url/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema31.properties.base_url.type,
          parentSchema: schema31.properties.base_url,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.api_key_file !== undefined) {
      let data1 = data.api_key_file;
      if (typeof data1 === 'string') {
        if (func2(data1) < 1) {
          const err3 = {
            instancePath: instancePath + '/api_key_file',
            schemaPath: '#/properties/api_key_file/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema31.properties.api_key_file,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/api_key_file',
          schemaPath: '#/properties/api_key_file/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema31.properties.api_key_file.type,
          parentSchema: schema31.properties.api_key_file,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.auth !== undefined) {
      let data2 = data.auth;
      if (!(data2 === 'token' || data2 === 'jwt')) {
        const err5 = {
          instancePath: instancePath + '/auth',
          schemaPath: '#/properties/auth/enum',
          keyword: 'enum',
          params: { allowedValues: schema31.properties.auth.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema31.properties.auth.enum,
          parentSchema: schema31.properties.auth,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.import_supplier !== undefined) {
      let data3 = data.import_supplier;
      if (typeof data3 === 'string') {
        if (func2(data3) < 1) {
          const err6 = {
            instancePath: instancePath + '/import_supplier',
            schemaPath: '#/properties/import_supplier/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema31.properties.import_supplier,
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err6];
          } else {
            vErrors.push(err6);
          }
          errors++;
        }
      } else {
        const err7 = {
          instancePath: instancePath + '/import_supplier',
          schemaPath: '#/properties/import_supplier/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema31.properties.import_supplier.type,
          parentSchema: schema31.properties.import_supplier,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.concurrency !== undefined) {
      let data4 = data.concurrency;
      if (!(typeof data4 == 'number' && !(data4 % 1) && !isNaN(data4) && isFinite(data4))) {
        const err8 = {
          instancePath: instancePath + '/concurrency',
          schemaPath: '#/properties/concurrency/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema31.properties.concurrency.type,
          parentSchema: schema31.properties.concurrency,
          data: data4,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
      if (typeof data4 == 'number' && isFinite(data4)) {
        if (data4 > 256 || isNaN(data4)) {
          const err9 = {
            instancePath: instancePath + '/concurrency',
            schemaPath: '#/properties/concurrency/maximum',
            keyword: 'maximum',
            params: { comparison: '<=', limit: 256 },
            message: 'must be <= 256',
            schema: 256,
            parentSchema: schema31.properties.concurrency,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err9];
          } else {
            vErrors.push(err9);
          }
          errors++;
        }
        if (data4 < 1 || isNaN(data4)) {
          const err10 = {
            instancePath: instancePath + '/concurrency',
            schemaPath: '#/properties/concurrency/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema31.properties.concurrency,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err10];
          } else {
            vErrors.push(err10);
          }
          errors++;
        }
      }
    }
    if (data.rate !== undefined) {
      let data5 = data.rate;
      if (typeof data5 == 'number' && isFinite(data5)) {
        if (data5 <= 0 || isNaN(data5)) {
          const err11 = {
            instancePath: instancePath + '/rate',
            schemaPath: '#/properties/rate/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema31.properties.rate,
            data: data5,
          };
          if (vErrors === null) {
            vErrors = [err11];
          } else {
            vErrors.push(err11);
          }
          errors++;
        }
      } else {
        const err12 = {
          instancePath: instancePath + '/rate',
          schemaPath: '#/properties/rate/type',
          keyword: 'type',
          params: { type: 'number' },
          message: 'must be number',
          schema: schema31.properties.rate.type,
          parentSchema: schema31.properties.rate,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.wait_timeout !== undefined) {
      let data6 = data.wait_timeout;
      if (typeof data6 == 'number' && isFinite(data6)) {
        if (data6 <= 0 || isNaN(data6)) {
          const err13 = {
            instancePath: instancePath + '/wait_timeout',
            schemaPath: '#/properties/wait_timeout/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema31.properties.wait_timeout,
            data: data6,
          };
          if (vErrors === null) {
            vErrors = [err13];
          } else {
            vErrors.push(err13);
          }
          errors++;
        }
      } else {
        const err14 = {
          instancePath: instancePath + '/wait_timeout',
          schemaPath: '#/properties/wait_timeout/type',
          keyword: 'type',
          params: { type: 'number' },
          message: 'must be number',
          schema: schema31.properties.wait_timeout.type,
          parentSchema: schema31.properties.wait_timeout,
          data: data6,
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data7 = data.encoding;
      if (!(data7 === 'utf-8' || data7 === 'latin1' || data7 === 'windows-1252' || data7 === 'utf-16le')) {
        const err15 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/properties/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema31.properties.encoding.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema31.properties.encoding.enum,
          parentSchema: schema31.properties.encoding,
          data: data7,
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      }
    }
    if (data.max_record_bytes !== undefined) {
      let data8 = data.max_record_bytes;
      if (!(typeof data8 == 'number' && !(data8 % 1) && !isNaN(data8) && isFinite(data8))) {
        const err16 = {
          instancePath: instancePath + '/max_record_bytes',
          schemaPath: '#/properties/max_record_bytes/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema31.properties.max_record_bytes.type,
          parentSchema: schema31.properties.max_record_bytes,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err16];
        } else {
          vErrors.push(err16);
        }
        errors++;
      }
      if (typeof data8 == 'number' && isFinite(data8)) {
        if (data8 < 1 || isNaN(data8)) {
          const err17 = {
            instancePath: instancePath + '/max_record_bytes',
            schemaPath: '#/properties/max_record_bytes/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema31.properties.max_record_bytes,
            data: data8,
          };
          if (vErrors === null) {
            vErrors = [err17];
          } else {
            vErrors.push(err17);
          }
          errors++;
        }
      }
    }
    if (data.max_outage !== undefined) {
      let data9 = data.max_outage;
      if (typeof data9 == 'number' && isFinite(data9)) {
        if (data9 <= 0 || isNaN(data9)) {
          const err18 = {
            instancePath: instancePath + '/max_outage',
            schemaPath: '#/properties/max_outage/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema31.properties.max_outage,
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err18];
          } else {
            vErrors.push(err18);
          }
          errors++;
        }
      } else {
        const err19 = {
          instancePath: instancePath + '/max_outage',
          schemaPath: '#/properties/max_outage/type',
          keyword: 'type',
          params: { type: 'number' },
          message: 'must be number',
          schema: schema31.properties.max_outage.type,
          parentSchema: schema31.properties.max_outage,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      }
    }
    if (data.allow_insecure_http !== undefined) {
      let data10 = data.allow_insecure_http;
      if (typeof data10 !== 'boolean') {
        const err20 = {
          instancePath: instancePath + '/allow_insecure_http',
          schemaPath: '#/properties/allow_insecure_http/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema31.properties.allow_insecure_http.type,
          parentSchema: schema31.properties.allow_insecure_http,
          data: data10,
        };
        if (vErrors === null) {
          vErrors = [err20];
        } else {
          vErrors.push(err20);
        }
        errors++;
      }
    }
    if (data.strict !== undefined) {
      let data11 = data.strict;
      if (!(data11 === 'off' || data11 === 'warn' || data11 === 'error')) {
        const err21 = {
          instancePath: instancePath + '/strict',
          schemaPath: '#/properties/strict/enum',
          keyword: 'enum',
          params: { allowedValues: schema31.properties.strict.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema31.properties.strict.enum,
          parentSchema: schema31.properties.strict,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
    }
    if (data.normalize !== undefined) {
      let data12 = data.normalize;
      if (typeof data12 !== 'boolean') {
        const err22 = {
          instancePath: instancePath + '/normalize',
          schemaPath: '#/properties/normalize/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema31.properties.normalize.type,
          parentSchema: schema31.properties.normalize,
          data: data12,
        };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      }
    }
    if (data.payload_wrapper !== undefined) {
      let data13 = data.payload_wrapper;
      if (!(data13 === 'wrapped' || data13 === 'bare')) {
        const err23 = {
          instancePath: instancePath + '/payload_wrapper',
          schemaPath: '#/properties/payload_wrapper/enum',
          keyword: 'enum',
          params: { allowedValues: schema31.properties.payload_wrapper.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema31.properties.payload_wrapper.enum,
          parentSchema: schema31.properties.payload_wrapper,
          data: data13,
        };
        if (vErrors === null) {
          vErrors = [err23];
        } else {
          vErrors.push(err23);
        }
        errors++;
      }
    }
    if (data.schema !== undefined) {
      let data14 = data.schema;
      if (typeof data14 === 'string') {
        if (func2(data14) < 1) {
          const err24 = {
            instancePath: instancePath + '/schema',
            schemaPath: '#/properties/schema/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema31.properties.schema,
            data: data14,
          };
          if (vErrors === null) {
            vErrors = [err24];
          } else {
            vErrors.push(err24);
          }
          errors++;
        }
      } else {
        const err25 = {
          instancePath: instancePath + '/schema',
          schemaPath: '#/properties/schema/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema31.properties.schema.type,
          parentSchema: schema31.properties.schema,
          data: data14,
        };
        if (vErrors === null) {
          vErrors = [err25];
        } else {
          vErrors.push(err25);
        }
        errors++;
      }
    }
    if (data.tenant !== undefined) {
      let data15 = data.tenant;
      if (data15 && typeof data15 == 'object' && !Array.isArray(data15)) {
        for (const key1 in data15) {
          if (!func1.call(schema31.properties.tenant.properties, key1)) {
            const err26 = {
              instancePath: instancePath + '/tenant',
              schemaPath: '#/properties/tenant/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key1 },
              message: 'must NOT have additional properties',
              schema: false,
              parentSchema: schema31.properties.tenant,
              data: data15,
            };
            if (vErrors === null) {
              vErrors = [err26];
            } else {
              vErrors.push(err26);
            }
            errors++;
          }
        }
        if (data15.region !== undefined) {
          let data16 = data15.region;
          if (typeof data16 !== 'string' && data16 !== null) {
            const err27 = {
              instancePath: instancePath + '/tenant/region',
              schemaPath: '#/properties/tenant/properties/region/type',
              keyword: 'type',
              params: { type: schema31.properties.tenant.properties.region.type },
              message: 'must be string,null',
              schema: schema31.properties.tenant.properties.region.type,
              parentSchema: schema31.properties.tenant.properties.region,
              data: data16,
            };
            if (vErrors === null) {
              vErrors = [err27];
            } else {
              vErrors.push(err27);
            }
            errors++;
          }
          if (typeof data16 === 'string') {
            if (!pattern4.test(data16)) {
              const err28 = {
                instancePath: instancePath + '/tenant/region',
                schemaPath: '#/properties/tenant/properties/region/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Z]{2}$' },
                message: 'must match pattern "' + '^[A-Z]{2}$' + '"',
                schema: '^[A-Z]{2}$',
                parentSchema: schema31.properties.tenant.properties.region,
                data: data16,
              };
              if (vErrors === null) {
                vErrors = [err28];
              } else {
                vErrors.push(err28);
              }
              errors++;
            }
          }
        }
        if (data15.time_zone !== undefined) {
          let data17 = data15.time_zone;
          if (typeof data17 === 'string') {
            if (func2(data17) < 1) {
              const err29 = {
                instancePath: instancePath + '/tenant/time_zone',
                schemaPath: '#/properties/tenant/properties/time_zone/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema31.properties.tenant.properties.time_zone,
                data: data17,
              };
              if (vErrors === null) {
                vErrors = [err29];
              } else {
                vErrors.push(err29);
              }
              errors++;
            }
          } else {
            const err30 = {
              instancePath: instancePath + '/tenant/time_zone',
              schemaPath: '#/properties/tenant/properties/time_zone/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema31.properties.tenant.properties.time_zone.type,
              parentSchema: schema31.properties.tenant.properties.time_zone,
              data: data17,
            };
            if (vErrors === null) {
              vErrors = [err30];
            } else {
              vErrors.push(err30);
            }
            errors++;
          }
        }
        if (data15.postal_code_pattern !== undefined) {
          let data18 = data15.postal_code_pattern;
          if (typeof data18 !== 'string' && data18 !== null) {
            const err31 = {
              instancePath: instancePath + '/tenant/postal_code_pattern',
              schemaPath: '#/properties/tenant/properties/postal_code_pattern/type',
              keyword: 'type',
              params: { type: schema31.properties.tenant.properties.postal_code_pattern.type },
              message: 'must be string,null',
              schema: schema31.properties.tenant.properties.postal_code_pattern.type,
              parentSchema: schema31.properties.tenant.properties.postal_code_pattern,
              data: data18,
            };
            if (vErrors === null) {
              vErrors = [err31];
            } else {
              vErrors.push(err31);
            }
            errors++;
          }
        }
        if (data15.unknown_fields !== undefined) {
          let data19 = data15.unknown_fields;
          if (!(data19 === 'error' || data19 === 'warn' || data19 === 'ignore')) {
            const err32 = {
              instancePath: instancePath + '/tenant/unknown_fields',
              schemaPath: '#/properties/tenant/properties/unknown_fields/enum',
              keyword: 'enum',
              params: { allowedValues: schema31.properties.tenant.properties.unknown_fields.enum },
              message: 'must be equal to one of the allowed values',
              schema: schema31.properties.tenant.properties.unknown_fields.enum,
              parentSchema: schema31.properties.tenant.properties.unknown_fields,
              data: data19,
            };
            if (vErrors === null) {
              vErrors = [err32];
            } else {
              vErrors.push(err32);
            }
            errors++;
          }
        }
        if (data15.ledger_codes !== undefined) {
          let data20 = data15.ledger_codes;
          if (!Array.isArray(data20) && data20 !== null) {
            const err33 = {
              instancePath: instancePath + '/tenant/ledger_codes',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data20,
            };
            if (vErrors === null) {
              vErrors = [err33];
            } else {
              vErrors.push(err33);
            }
            errors++;
          }
          if (Array.isArray(data20)) {
            const len0 = data20.length;
            for (let i0 = 0; i0 < len0; i0++) {
              let data21 = data20[i0];
              if (typeof data21 !== 'string') {
                const err34 = {
                  instancePath: instancePath + '/tenant/ledger_codes/' + i0,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data21,
                };
                if (vErrors === null) {
                  vErrors = [err34];
                } else {
                  vErrors.push(err34);
                }
                errors++;
              }
            }
          }
        }
        if (data15.user_detail_namespaces !== undefined) {
          let data22 = data15.user_detail_namespaces;
          if (!Array.isArray(data22) && data22 !== null) {
            const err35 = {
              instancePath: instancePath + '/tenant/user_detail_namespaces',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data22,
            };
            if (vErrors === null) {
              vErrors = [err35];
            } else {
              vErrors.push(err35);
            }
            errors++;
          }
          if (Array.isArray(data22)) {
            const len1 = data22.length;
            for (let i1 = 0; i1 < len1; i1++) {
              let data23 = data22[i1];
              if (typeof data23 !== 'string') {
                const err36 = {
                  instancePath: instancePath + '/tenant/user_detail_namespaces/' + i1,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data23,
                };
                if (vErrors === null) {
                  vErrors = [err36];
                } else {
                  vErrors.push(err36);
                }
                errors++;
              }
            }
          }
        }
        if (data15.premise_types !== undefined) {
          let data24 = data15.premise_types;
          if (!Array.isArray(data24) && data24 !== null) {
            const err37 = {
              instancePath: instancePath + '/tenant/premise_types',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data24,
            };
            if (vErrors === null) {
              vErrors = [err37];
            } else {
              vErrors.push(err37);
            }
            errors++;
          }
          if (Array.isArray(data24)) {
            const len2 = data24.length;
            for (let i2 = 0; i2 < len2; i2++) {
              let data25 = data24[i2];
              if (typeof data25 !== 'string') {
                const err38 = {
                  instancePath: instancePath + '/tenant/premise_types/' + i2,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data25,
                };
                if (vErrors === null) {
                  vErrors = [err38];
                } else {
                  vErrors.push(err38);
                }
                errors++;
              }
            }
          }
        }
        if (data15.property_types !== undefined) {
          let data26 = data15.property_types;
          if (!Array.isArray(data26) && data26 !== null) {
            const err39 = {
              instancePath: instancePath + '/tenant/property_types',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data26,
            };
            if (vErrors === null) {
              vErrors = [err39];
            } else {
              vErrors.push(err39);
            }
            errors++;
          }
          if (Array.isArray(data26)) {
            const len3 = data26.length;
            for (let i3 = 0; i3 < len3; i3++) {
              let data27 = data26[i3];
              if (typeof data27 !== 'string') {
                const err40 = {
                  instancePath: instancePath + '/tenant/property_types/' + i3,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data27,
                };
                if (vErrors === null) {
                  vErrors = [err40];
                } else {
                  vErrors.push(err40);
                }
                errors++;
              }
            }
          }
        }
        if (data15.register_types !== undefined) {
          let data28 = data15.register_types;
          if (!Array.isArray(data28) && data28 !== null) {
            const err41 = {
              instancePath: instancePath + '/tenant/register_types',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data28,
            };
            if (vErrors === null) {
              vErrors = [err41];
            } else {
              vErrors.push(err41);
            }
            errors++;
          }
          if (Array.isArray(data28)) {
            const len4 = data28.length;
            for (let i4 = 0; i4 < len4; i4++) {
              let data29 = data28[i4];
              if (typeof data29 !== 'string') {
                const err42 = {
                  instancePath: instancePath + '/tenant/register_types/' + i4,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data29,
                };
                if (vErrors === null) {
                  vErrors = [err42];
                } else {
                  vErrors.push(err42);
                }
                errors++;
              }
            }
          }
        }
        if (data15.billing_document_types !== undefined) {
          let data30 = data15.billing_document_types;
          if (!Array.isArray(data30) && data30 !== null) {
            const err43 = {
              instancePath: instancePath + '/tenant/billing_document_types',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data30,
            };
            if (vErrors === null) {
              vErrors = [err43];
            } else {
              vErrors.push(err43);
            }
            errors++;
          }
          if (Array.isArray(data30)) {
            const len5 = data30.length;
            for (let i5 = 0; i5 < len5; i5++) {
              let data31 = data30[i5];
              if (typeof data31 !== 'string') {
                const err44 = {
                  instancePath: instancePath + '/tenant/billing_document_types/' + i5,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data31,
                };
                if (vErrors === null) {
                  vErrors = [err44];
                } else {
                  vErrors.push(err44);
                }
                errors++;
              }
            }
          }
        }
        if (data15.transaction_reasons !== undefined) {
          let data32 = data15.transaction_reasons;
          if (!Array.isArray(data32) && data32 !== null) {
            const err45 = {
              instancePath: instancePath + '/tenant/transaction_reasons',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data32,
            };
            if (vErrors === null) {
              vErrors = [err45];
            } else {
              vErrors.push(err45);
            }
            errors++;
          }
          if (Array.isArray(data32)) {
            const len6 = data32.length;
            for (let i6 = 0; i6 < len6; i6++) {
              let data33 = data32[i6];
              if (typeof data33 !== 'string') {
                const err46 = {
                  instancePath: instancePath + '/tenant/transaction_reasons/' + i6,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data33,
                };
                if (vErrors === null) {
                  vErrors = [err46];
                } else {
                  vErrors.push(err46);
                }
                errors++;
              }
            }
          }
        }
        if (data15.meter_phases !== undefined) {
          let data34 = data15.meter_phases;
          if (!Array.isArray(data34) && data34 !== null) {
            const err47 = {
              instancePath: instancePath + '/tenant/meter_phases',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data34,
            };
            if (vErrors === null) {
              vErrors = [err47];
            } else {
              vErrors.push(err47);
            }
            errors++;
          }
          if (Array.isArray(data34)) {
            const len7 = data34.length;
            for (let i7 = 0; i7 < len7; i7++) {
              let data35 = data34[i7];
              if (typeof data35 !== 'string') {
                const err48 = {
                  instancePath: instancePath + '/tenant/meter_phases/' + i7,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data35,
                };
                if (vErrors === null) {
                  vErrors = [err48];
                } else {
                  vErrors.push(err48);
                }
                errors++;
              }
            }
          }
        }
        if (data15.meter_statuses !== undefined) {
          let data36 = data15.meter_statuses;
          if (!Array.isArray(data36) && data36 !== null) {
            const err49 = {
              instancePath: instancePath + '/tenant/meter_statuses',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data36,
            };
            if (vErrors === null) {
              vErrors = [err49];
            } else {
              vErrors.push(err49);
            }
            errors++;
          }
          if (Array.isArray(data36)) {
            const len8 = data36.length;
            for (let i8 = 0; i8 < len8; i8++) {
              let data37 = data36[i8];
              if (typeof data37 !== 'string') {
                const err50 = {
                  instancePath: instancePath + '/tenant/meter_statuses/' + i8,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data37,
                };
                if (vErrors === null) {
                  vErrors = [err50];
                } else {
                  vErrors.push(err50);
                }
                errors++;
              }
            }
          }
        }
        if (data15.retrieval_methods !== undefined) {
          let data38 = data15.retrieval_methods;
          if (!Array.isArray(data38) && data38 !== null) {
            const err51 = {
              instancePath: instancePath + '/tenant/retrieval_methods',
              schemaPath: '#/$defs/List/type',
              keyword: 'type',
              params: { type: schema32.type },
              message: 'must be array,null',
              schema: schema32.type,
              parentSchema: schema32,
              data: data38,
            };
            if (vErrors === null) {
              vErrors = [err51];
            } else {
              vErrors.push(err51);
            }
            errors++;
          }
          if (Array.isArray(data38)) {
            const len9 = data38.length;
            for (let i9 = 0; i9 < len9; i9++) {
              let data39 = data38[i9];
              if (typeof data39 !== 'string') {
                const err52 = {
                  instancePath: instancePath + '/tenant/retrieval_methods/' + i9,
                  schemaPath: '#/$defs/List/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.items.type,
                  parentSchema: schema32.items,
                  data: data39,
                };
                if (vErrors === null) {
                  vErrors = [err52];
                } else {
                  vErrors.push(err52);
                }
                errors++;
              }
            }
          }
        }
        if (data15.supplier_settings !== undefined) {
          let data40 = data15.supplier_settings;
          if (data40 && typeof data40 == 'object' && !Array.isArray(data40)) {
            for (const key2 in data40) {
              let data41 = data40[key2];
              if (typeof data41 !== 'boolean' && typeof data41 !== 'string' && data41 !== null) {
                const err53 = {
                  instancePath:
                    instancePath + '/tenant/supplier_settings/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/properties/tenant/properties/supplier_settings/additionalProperties/type',
                  keyword: 'type',
                  params: { type: schema31.properties.tenant.properties.supplier_settings.additionalProperties.type },
                  message: 'must be boolean,string,null',
                  schema: schema31.properties.tenant.properties.supplier_settings.additionalProperties.type,
                  parentSchema: schema31.properties.tenant.properties.supplier_settings.additionalProperties,
                  data: data41,
                };
                if (vErrors === null) {
                  vErrors = [err53];
                } else {
                  vErrors.push(err53);
                }
                errors++;
              }
            }
          } else {
            const err54 = {
              instancePath: instancePath + '/tenant/supplier_settings',
              schemaPath: '#/properties/tenant/properties/supplier_settings/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema31.properties.tenant.properties.supplier_settings.type,
              parentSchema: schema31.properties.tenant.properties.supplier_settings,
              data: data40,
            };
            if (vErrors === null) {
              vErrors = [err54];
            } else {
              vErrors.push(err54);
            }
            errors++;
          }
        }
      } else {
        const err55 = {
          instancePath: instancePath + '/tenant',
          schemaPath: '#/properties/tenant/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema31.properties.tenant.type,
          parentSchema: schema31.properties.tenant,
          data: data15,
        };
        if (vErrors === null) {
          vErrors = [err55];
        } else {
          vErrors.push(err55);
        }
        errors++;
      }
    }
  } else {
    const err56 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema31.type,
      parentSchema: schema31,
      data,
    };
    if (vErrors === null) {
      vErrors = [err56];
    } else {
      vErrors.push(err56);
    }
    errors++;
  }
  validate20.errors = vErrors;
  return errors === 0;
}
validate20.evaluated = { props: true, dynamicProps: false, dynamicItems: false };
export const mapping = validate21;
const schema42 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://kraken-import.local/schemas/mapping.schema.json',
  title: 'CsvMapping',
  description:
    'How a legacy CSV export becomes account payloads (`--mapping file.yaml`): either one file with one row per account (columns, constants, values, types, ignore at the top), or a relational export (root + children), each table joined to its parent by key columns.',
  type: 'object',
  additionalProperties: false,
  $defs: {
    columns: {
      description:
        'Source column name to payload path in attr notation (customers.0.given_name), or a list of paths it fills.',
      type: 'object',
      additionalProperties: {
        oneOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        ],
      },
    },
    constants: {
      description: 'Payload path to a value set on every record (or element).',
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    values: {
      description: 'A table from source value to payload value (null leaves the field out).',
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
    },
    types: {
      description:
        'Source column to the type its cells are converted to, instead of the type the schema wants at its path.',
      type: 'object',
      additionalProperties: { enum: ['string', 'integer', 'number', 'boolean'] },
    },
    ignore: { description: 'Source columns to leave out.', type: 'array', items: { type: 'string' } },
    keyColumns: {
      oneOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    root: {
      description: 'The table with one row per account.',
      type: 'object',
      additionalProperties: false,
      required: ['file', 'key'],
      properties: {
        file: { description: 'CSV file, relative to the mapping file.', type: 'string', minLength: 1 },
        key: { description: 'The column(s) that identify an account in every table.', $ref: '#/$defs/keyColumns' },
        columns: { $ref: '#/$defs/columns' },
        constants: { $ref: '#/$defs/constants' },
        values: { description: 'Source column to a value table.', $ref: '#/$defs/values' },
        types: { $ref: '#/$defs/types' },
        ignore: { $ref: '#/$defs/ignore' },
      },
    },
    child: {
      description: 'A table whose rows become list elements under their parent (the account, or another child).',
      type: 'object',
      additionalProperties: false,
      required: ['file', 'path', 'key'],
      properties: {
        file: { description: 'CSV file, relative to the mapping file.', type: 'string', minLength: 1 },
        path: {
          description:
            'The list the rows fill, from the account: customers, supply_addresses.0.supply_points; under a child parent, one * per level stands for the parent element (ledgers.0.historical_billing_documents.*.transactions).',
          type: 'string',
          minLength: 1,
        },
        parent: {
          description: 'The child table whose elements hold these rows (default: the account).',
          type: 'string',
        },
        key: {
          description:
            "This table's columns that match the parent's identity, in order: the account key, then each parent's id columns.",
          $ref: '#/$defs/keyColumns',
        },
        id: {
          description: "Columns that identify an element among its parent's, for tables below it.",
          $ref: '#/$defs/keyColumns',
        },
        order_by: {
          description: 'Column that orders the elements under one parent (numbers compare as numbers).',
          type: 'string',
        },
        required: {
          description: 'Every parent must have at least one row here (else missing_child).',
          type: 'boolean',
        },
        columns: { description: 'Source column to path within the element.', $ref: '#/$defs/columns' },
        constants: {
          description: 'Path within the element to a value set on every element.',
          $ref: '#/$defs/constants',
        },
        values: { description: 'Source column to a value table.', $ref: '#/$defs/values' },
        types: { $ref: '#/$defs/types' },
        ignore: { $ref: '#/$defs/ignore' },
      },
    },
  },
  properties: {
    columns: { $ref: '#/$defs/columns' },
    constants: { $ref: '#/$defs/constants' },
    values: { description: 'Payload path to a value table.', $ref: '#/$defs/values' },
    types: { $ref: '#/$defs/types' },
    ignore: { $ref: '#/$defs/ignore' },
    root: { $ref: '#/$defs/root' },
    children: {
      description: 'Child tables by name (the name is what parent refers to).',
      type: 'object',
      additionalProperties: { $ref: '#/$defs/child' },
    },
  },
  dependentRequired: { children: ['root'] },
};
const schema43 = {
  description:
    'Source column name to payload path in attr notation (customers.0.given_name), or a list of paths it fills.',
  type: 'object',
  additionalProperties: {
    oneOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    ],
  },
};
const schema44 = {
  description: 'Payload path to a value set on every record (or element).',
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
};
const schema45 = {
  description: 'A table from source value to payload value (null leaves the field out).',
  type: 'object',
  additionalProperties: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
};
const schema46 = {
  description:
    'Source column to the type its cells are converted to, instead of the type the schema wants at its path.',
  type: 'object',
  additionalProperties: { enum: ['string', 'integer', 'number', 'boolean'] },
};
const schema47 = { description: 'Source columns to leave out.', type: 'array', items: { type: 'string' } };
const schema48 = {
  description: 'The table with one row per account.',
  type: 'object',
  additionalProperties: false,
  required: ['file', 'key'],
  properties: {
    file: { description: 'CSV file, relative to the mapping file.', type: 'string', minLength: 1 },
    key: { description: 'The column(s) that identify an account in every table.', $ref: '#/$defs/keyColumns' },
    columns: { $ref: '#/$defs/columns' },
    constants: { $ref: '#/$defs/constants' },
    values: { description: 'Source column to a value table.', $ref: '#/$defs/values' },
    types: { $ref: '#/$defs/types' },
    ignore: { $ref: '#/$defs/ignore' },
  },
};
const schema49 = {
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
};
function validate22(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate22.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.file === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'file' },
        message: "must have required property '" + 'file' + "'",
        schema: schema48.required,
        parentSchema: schema48,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.key === undefined) {
      const err1 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'key' },
        message: "must have required property '" + 'key' + "'",
        schema: schema48.required,
        parentSchema: schema48,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(
        key0 === 'file' ||
        key0 === 'key' ||
        key0 === 'columns' ||
        key0 === 'constants' ||
        key0 === 'values' ||
        key0 === 'types' ||
        key0 === 'ignore'
      )) {
        const err2 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema48,
          data,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.file !== undefined) {
      let data0 = data.file;
      if (typeof data0 === 'string') {
        if (func2(data0) < 1) {
          const err3 = {
            instancePath: instancePath + '/file',
            schemaPath: '#/properties/file/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema48.properties.file,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/file',
          schemaPath: '#/properties/file/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema48.properties.file.type,
          parentSchema: schema48.properties.file,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.key !== undefined) {
      let data1 = data.key;
      const _errs6 = errors;
      let valid2 = false;
      let passing0 = null;
      const _errs7 = errors;
      if (typeof data1 === 'string') {
        if (func2(data1) < 1) {
          const err5 = {
            instancePath: instancePath + '/key',
            schemaPath: '#/$defs/keyColumns/oneOf/0/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema49.oneOf[0],
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
      } else {
        const err6 = {
          instancePath: instancePath + '/key',
          schemaPath: '#/$defs/keyColumns/oneOf/0/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema49.oneOf[0].type,
          parentSchema: schema49.oneOf[0],
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
      var _valid0 = _errs7 === errors;
      if (_valid0) {
        valid2 = true;
        passing0 = 0;
      }
      const _errs9 = errors;
      if (Array.isArray(data1)) {
        if (data1.length < 1) {
          const err7 = {
            instancePath: instancePath + '/key',
            schemaPath: '#/$defs/keyColumns/oneOf/1/minItems',
            keyword: 'minItems',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 items',
            schema: 1,
            parentSchema: schema49.oneOf[1],
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err7];
          } else {
            vErrors.push(err7);
          }
          errors++;
        }
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data2 = data1[i0];
          if (typeof data2 === 'string') {
            if (func2(data2) < 1) {
              const err8 = {
                instancePath: instancePath + '/key/' + i0,
                schemaPath: '#/$defs/keyColumns/oneOf/1/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema49.oneOf[1].items,
                data: data2,
              };
              if (vErrors === null) {
                vErrors = [err8];
              } else {
                vErrors.push(err8);
              }
              errors++;
            }
          } else {
            const err9 = {
              instancePath: instancePath + '/key/' + i0,
              schemaPath: '#/$defs/keyColumns/oneOf/1/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema49.oneOf[1].items.type,
              parentSchema: schema49.oneOf[1].items,
              data: data2,
            };
            if (vErrors === null) {
              vErrors = [err9];
            } else {
              vErrors.push(err9);
            }
            errors++;
          }
        }
      } else {
        const err10 = {
          instancePath: instancePath + '/key',
          schemaPath: '#/$defs/keyColumns/oneOf/1/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema49.oneOf[1].type,
          parentSchema: schema49.oneOf[1],
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
      var _valid0 = _errs9 === errors;
      if (_valid0 && valid2) {
        valid2 = false;
        passing0 = [passing0, 1];
      } else {
        if (_valid0) {
          valid2 = true;
          passing0 = 1;
        }
      }
      if (!valid2) {
        const err11 = {
          instancePath: instancePath + '/key',
          schemaPath: '#/$defs/keyColumns/oneOf',
          keyword: 'oneOf',
          params: { passingSchemas: passing0 },
          message: 'must match exactly one schema in oneOf',
          schema: schema49.oneOf,
          parentSchema: schema49,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      } else {
        errors = _errs6;
        if (vErrors !== null) {
          if (_errs6) {
            vErrors.length = _errs6;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.columns !== undefined) {
      let data3 = data.columns;
      if (data3 && typeof data3 == 'object' && !Array.isArray(data3)) {
        for (const key1 in data3) {
          let data4 = data3[key1];
          const _errs18 = errors;
          let valid7 = false;
          let passing1 = null;
          const _errs19 = errors;
          if (typeof data4 === 'string') {
            if (func2(data4) < 1) {
              const err12 = {
                instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
                schemaPath: '#/$defs/columns/additionalProperties/oneOf/0/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema43.additionalProperties.oneOf[0],
                data: data4,
              };
              if (vErrors === null) {
                vErrors = [err12];
              } else {
                vErrors.push(err12);
              }
              errors++;
            }
          } else {
            const err13 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf/0/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema43.additionalProperties.oneOf[0].type,
              parentSchema: schema43.additionalProperties.oneOf[0],
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err13];
            } else {
              vErrors.push(err13);
            }
            errors++;
          }
          var _valid1 = _errs19 === errors;
          if (_valid1) {
            valid7 = true;
            passing1 = 0;
          }
          const _errs21 = errors;
          if (Array.isArray(data4)) {
            if (data4.length < 1) {
              const err14 = {
                instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
                schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/minItems',
                keyword: 'minItems',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 items',
                schema: 1,
                parentSchema: schema43.additionalProperties.oneOf[1],
                data: data4,
              };
              if (vErrors === null) {
                vErrors = [err14];
              } else {
                vErrors.push(err14);
              }
              errors++;
            }
            const len1 = data4.length;
            for (let i1 = 0; i1 < len1; i1++) {
              let data5 = data4[i1];
              if (typeof data5 === 'string') {
                if (func2(data5) < 1) {
                  const err15 = {
                    instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + i1,
                    schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/items/minLength',
                    keyword: 'minLength',
                    params: { limit: 1 },
                    message: 'must NOT have fewer than 1 characters',
                    schema: 1,
                    parentSchema: schema43.additionalProperties.oneOf[1].items,
                    data: data5,
                  };
                  if (vErrors === null) {
                    vErrors = [err15];
                  } else {
                    vErrors.push(err15);
                  }
                  errors++;
                }
              } else {
                const err16 = {
                  instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + i1,
                  schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema43.additionalProperties.oneOf[1].items.type,
                  parentSchema: schema43.additionalProperties.oneOf[1].items,
                  data: data5,
                };
                if (vErrors === null) {
                  vErrors = [err16];
                } else {
                  vErrors.push(err16);
                }
                errors++;
              }
            }
          } else {
            const err17 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/type',
              keyword: 'type',
              params: { type: 'array' },
              message: 'must be array',
              schema: schema43.additionalProperties.oneOf[1].type,
              parentSchema: schema43.additionalProperties.oneOf[1],
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err17];
            } else {
              vErrors.push(err17);
            }
            errors++;
          }
          var _valid1 = _errs21 === errors;
          if (_valid1 && valid7) {
            valid7 = false;
            passing1 = [passing1, 1];
          } else {
            if (_valid1) {
              valid7 = true;
              passing1 = 1;
            }
          }
          if (!valid7) {
            const err18 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf',
              keyword: 'oneOf',
              params: { passingSchemas: passing1 },
              message: 'must match exactly one schema in oneOf',
              schema: schema43.additionalProperties.oneOf,
              parentSchema: schema43.additionalProperties,
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err18];
            } else {
              vErrors.push(err18);
            }
            errors++;
          } else {
            errors = _errs18;
            if (vErrors !== null) {
              if (_errs18) {
                vErrors.length = _errs18;
              } else {
                vErrors = null;
              }
            }
          }
        }
      } else {
        const err19 = {
          instancePath: instancePath + '/columns',
          schemaPath: '#/$defs/columns/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema43.type,
          parentSchema: schema43,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      }
    }
    if (data.constants !== undefined) {
      let data6 = data.constants;
      if (data6 && typeof data6 == 'object' && !Array.isArray(data6)) {
        for (const key2 in data6) {
          let data7 = data6[key2];
          if (
            typeof data7 !== 'string' &&
            !(typeof data7 == 'number' && isFinite(data7)) &&
            typeof data7 !== 'boolean'
          ) {
            const err20 = {
              instancePath: instancePath + '/constants/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/constants/additionalProperties/type',
              keyword: 'type',
              params: { type: schema44.additionalProperties.type },
              message: 'must be string,number,boolean',
              schema: schema44.additionalProperties.type,
              parentSchema: schema44.additionalProperties,
              data: data7,
            };
            if (vErrors === null) {
              vErrors = [err20];
            } else {
              vErrors.push(err20);
            }
            errors++;
          }
        }
      } else {
        const err21 = {
          instancePath: instancePath + '/constants',
          schemaPath: '#/$defs/constants/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema44.type,
          parentSchema: schema44,
          data: data6,
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
    }
    if (data.values !== undefined) {
      let data8 = data.values;
      if (data8 && typeof data8 == 'object' && !Array.isArray(data8)) {
        for (const key3 in data8) {
          let data9 = data8[key3];
          if (data9 && typeof data9 == 'object' && !Array.isArray(data9)) {
            for (const key4 in data9) {
              let data10 = data9[key4];
              if (
                typeof data10 !== 'string' &&
                !(typeof data10 == 'number' && isFinite(data10)) &&
                typeof data10 !== 'boolean' &&
                data10 !== null
              ) {
                const err22 = {
                  instancePath:
                    instancePath +
                    '/values/' +
                    key3.replace(/~/g, '~0').replace(/\//g, '~1') +
                    '/' +
                    key4.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/values/additionalProperties/additionalProperties/type',
                  keyword: 'type',
                  params: { type: schema45.additionalProperties.additionalProperties.type },
                  message: 'must be string,number,boolean,null',
                  schema: schema45.additionalProperties.additionalProperties.type,
                  parentSchema: schema45.additionalProperties.additionalProperties,
                  data: data10,
                };
                if (vErrors === null) {
                  vErrors = [err22];
                } else {
                  vErrors.push(err22);
                }
                errors++;
              }
            }
          } else {
            const err23 = {
              instancePath: instancePath + '/values/' + key3.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/values/additionalProperties/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema45.additionalProperties.type,
              parentSchema: schema45.additionalProperties,
              data: data9,
            };
            if (vErrors === null) {
              vErrors = [err23];
            } else {
              vErrors.push(err23);
            }
            errors++;
          }
        }
      } else {
        const err24 = {
          instancePath: instancePath + '/values',
          schemaPath: '#/$defs/values/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema45.type,
          parentSchema: schema45,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err24];
        } else {
          vErrors.push(err24);
        }
        errors++;
      }
    }
    if (data.types !== undefined) {
      let data11 = data.types;
      if (data11 && typeof data11 == 'object' && !Array.isArray(data11)) {
        for (const key5 in data11) {
          let data12 = data11[key5];
          if (!(data12 === 'string' || data12 === 'integer' || data12 === 'number' || data12 === 'boolean')) {
            const err25 = {
              instancePath: instancePath + '/types/' + key5.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/types/additionalProperties/enum',
              keyword: 'enum',
              params: { allowedValues: schema46.additionalProperties.enum },
              message: 'must be equal to one of the allowed values',
              schema: schema46.additionalProperties.enum,
              parentSchema: schema46.additionalProperties,
              data: data12,
            };
            if (vErrors === null) {
              vErrors = [err25];
            } else {
              vErrors.push(err25);
            }
            errors++;
          }
        }
      } else {
        const err26 = {
          instancePath: instancePath + '/types',
          schemaPath: '#/$defs/types/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema46.type,
          parentSchema: schema46,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err26];
        } else {
          vErrors.push(err26);
        }
        errors++;
      }
    }
    if (data.ignore !== undefined) {
      let data13 = data.ignore;
      if (Array.isArray(data13)) {
        const len2 = data13.length;
        for (let i2 = 0; i2 < len2; i2++) {
          let data14 = data13[i2];
          if (typeof data14 !== 'string') {
            const err27 = {
              instancePath: instancePath + '/ignore/' + i2,
              schemaPath: '#/$defs/ignore/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema47.items.type,
              parentSchema: schema47.items,
              data: data14,
            };
            if (vErrors === null) {
              vErrors = [err27];
            } else {
              vErrors.push(err27);
            }
            errors++;
          }
        }
      } else {
        const err28 = {
          instancePath: instancePath + '/ignore',
          schemaPath: '#/$defs/ignore/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema47.type,
          parentSchema: schema47,
          data: data13,
        };
        if (vErrors === null) {
          vErrors = [err28];
        } else {
          vErrors.push(err28);
        }
        errors++;
      }
    }
  } else {
    const err29 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema48.type,
      parentSchema: schema48,
      data,
    };
    if (vErrors === null) {
      vErrors = [err29];
    } else {
      vErrors.push(err29);
    }
    errors++;
  }
  validate22.errors = vErrors;
  return errors === 0;
}
validate22.evaluated = { props: true, dynamicProps: false, dynamicItems: false };
const schema55 = {
  description: 'A table whose rows become list elements under their parent (the account, or another child).',
  type: 'object',
  additionalProperties: false,
  required: ['file', 'path', 'key'],
  properties: {
    file: { description: 'CSV file, relative to the mapping file.', type: 'string', minLength: 1 },
    path: {
      description:
        'The list the rows fill, from the account: customers, supply_addresses.0.supply_points; under a child parent, one * per level stands for the parent element (ledgers.0.historical_billing_documents.*.transactions).',
      type: 'string',
      minLength: 1,
    },
    parent: { description: 'The child table whose elements hold these rows (default: the account).', type: 'string' },
    key: {
      description:
        "This table's columns that match the parent's identity, in order: the account key, then each parent's id columns.",
      $ref: '#/$defs/keyColumns',
    },
    id: {
      description: "Columns that identify an element among its parent's, for tables below it.",
      $ref: '#/$defs/keyColumns',
    },
    order_by: {
      description: 'Column that orders the elements under one parent (numbers compare as numbers).',
      type: 'string',
    },
    required: { description: 'Every parent must have at least one row here (else missing_child).', type: 'boolean' },
    columns: { description: 'Source column to path within the element.', $ref: '#/$defs/columns' },
    constants: { description: 'Path within the element to a value set on every element.', $ref: '#/$defs/constants' },
    values: { description: 'Source column to a value table.', $ref: '#/$defs/values' },
    types: { $ref: '#/$defs/types' },
    ignore: { $ref: '#/$defs/ignore' },
  },
};
function validate24(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate24.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.file === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'file' },
        message: "must have required property '" + 'file' + "'",
        schema: schema55.required,
        parentSchema: schema55,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.path === undefined) {
      const err1 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'path' },
        message: "must have required property '" + 'path' + "'",
        schema: schema55.required,
        parentSchema: schema55,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    if (data.key === undefined) {
      const err2 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'key' },
        message: "must have required property '" + 'key' + "'",
        schema: schema55.required,
        parentSchema: schema55,
        data,
      };
      if (vErrors === null) {
        vErrors = [err2];
      } else {
        vErrors.push(err2);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!func1.call(schema55.properties, key0)) {
        const err3 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema55,
          data,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.file !== undefined) {
      let data0 = data.file;
      if (typeof data0 === 'string') {
        if (func2(data0) < 1) {
          const err4 = {
            instancePath: instancePath + '/file',
            schemaPath: '#/properties/file/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema55.properties.file,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
      } else {
        const err5 = {
          instancePath: instancePath + '/file',
          schemaPath: '#/properties/file/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema55.properties.file.type,
          parentSchema: schema55.properties.file,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.path !== undefined) {
      let data1 = data.path;
      if (typeof data1 === 'string') {
        if (func2(data1) < 1) {
          const err6 = {
            instancePath: instancePath + '/path',
            schemaPath: '#/properties/path/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema55.properties.path,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err6];
          } else {
            vErrors.push(err6);
          }
          errors++;
        }
      } else {
        const err7 = {
          instancePath: instancePath + '/path',
          schemaPath: '#/properties/path/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema55.properties.path.type,
          parentSchema: schema55.properties.path,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.parent !== undefined) {
      let data2 = data.parent;
      if (typeof data2 !== 'string') {
        const err8 = {
          instancePath: instancePath + '/parent',
          schemaPath: '#/properties/parent/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema55.properties.parent.type,
          parentSchema: schema55.properties.parent,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.key !== undefined) {
      let data3 = data.key;
      const _errs10 = errors;
      let valid2 = false;
      let passing0 = null;
      const _errs11 = errors;
      if (typeof data3 === 'string') {
        if (func2(data3) < 1) {
          const err9 = {
            instancePath: instancePath + '/key',
            schemaPath: '#/$defs/keyColumns/oneOf/0/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema49.oneOf[0],
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err9];
          } else {
            vErrors.push(err9);
          }
          errors++;
        }
      } else {
        const err10 = {
          instancePath: instancePath + '/key',
          schemaPath: '#/$defs/keyColumns/oneOf/0/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema49.oneOf[0].type,
          parentSchema: schema49.oneOf[0],
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
      var _valid0 = _errs11 === errors;
      if (_valid0) {
        valid2 = true;
        passing0 = 0;
      }
      const _errs13 = errors;
      if (Array.isArray(data3)) {
        if (data3.length < 1) {
          const err11 = {
            instancePath: instancePath + '/key',
            schemaPath: '#/$defs/keyColumns/oneOf/1/minItems',
            keyword: 'minItems',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 items',
            schema: 1,
            parentSchema: schema49.oneOf[1],
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err11];
          } else {
            vErrors.push(err11);
          }
          errors++;
        }
        const len0 = data3.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data4 = data3[i0];
          if (typeof data4 === 'string') {
            if (func2(data4) < 1) {
              const err12 = {
                instancePath: instancePath + '/key/' + i0,
                schemaPath: '#/$defs/keyColumns/oneOf/1/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema49.oneOf[1].items,
                data: data4,
              };
              if (vErrors === null) {
                vErrors = [err12];
              } else {
                vErrors.push(err12);
              }
              errors++;
            }
          } else {
            const err13 = {
              instancePath: instancePath + '/key/' + i0,
              schemaPath: '#/$defs/keyColumns/oneOf/1/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema49.oneOf[1].items.type,
              parentSchema: schema49.oneOf[1].items,
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err13];
            } else {
              vErrors.push(err13);
            }
            errors++;
          }
        }
      } else {
        const err14 = {
          instancePath: instancePath + '/key',
          schemaPath: '#/$defs/keyColumns/oneOf/1/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema49.oneOf[1].type,
          parentSchema: schema49.oneOf[1],
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
      var _valid0 = _errs13 === errors;
      if (_valid0 && valid2) {
        valid2 = false;
        passing0 = [passing0, 1];
      } else {
        if (_valid0) {
          valid2 = true;
          passing0 = 1;
        }
      }
      if (!valid2) {
        const err15 = {
          instancePath: instancePath + '/key',
          schemaPath: '#/$defs/keyColumns/oneOf',
          keyword: 'oneOf',
          params: { passingSchemas: passing0 },
          message: 'must match exactly one schema in oneOf',
          schema: schema49.oneOf,
          parentSchema: schema49,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      } else {
        errors = _errs10;
        if (vErrors !== null) {
          if (_errs10) {
            vErrors.length = _errs10;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.id !== undefined) {
      let data5 = data.id;
      const _errs19 = errors;
      let valid6 = false;
      let passing1 = null;
      const _errs20 = errors;
      if (typeof data5 === 'string') {
        if (func2(data5) < 1) {
          const err16 = {
            instancePath: instancePath + '/id',
            schemaPath: '#/$defs/keyColumns/oneOf/0/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema49.oneOf[0],
            data: data5,
          };
          if (vErrors === null) {
            vErrors = [err16];
          } else {
            vErrors.push(err16);
          }
          errors++;
        }
      } else {
        const err17 = {
          instancePath: instancePath + '/id',
          schemaPath: '#/$defs/keyColumns/oneOf/0/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema49.oneOf[0].type,
          parentSchema: schema49.oneOf[0],
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
      var _valid1 = _errs20 === errors;
      if (_valid1) {
        valid6 = true;
        passing1 = 0;
      }
      const _errs22 = errors;
      if (Array.isArray(data5)) {
        if (data5.length < 1) {
          const err18 = {
            instancePath: instancePath + '/id',
            schemaPath: '#/$defs/keyColumns/oneOf/1/minItems',
            keyword: 'minItems',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 items',
            schema: 1,
            parentSchema: schema49.oneOf[1],
            data: data5,
          };
          if (vErrors === null) {
            vErrors = [err18];
          } else {
            vErrors.push(err18);
          }
          errors++;
        }
        const len1 = data5.length;
        for (let i1 = 0; i1 < len1; i1++) {
          let data6 = data5[i1];
          if (typeof data6 === 'string') {
            if (func2(data6) < 1) {
              const err19 = {
                instancePath: instancePath + '/id/' + i1,
                schemaPath: '#/$defs/keyColumns/oneOf/1/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema49.oneOf[1].items,
                data: data6,
              };
              if (vErrors === null) {
                vErrors = [err19];
              } else {
                vErrors.push(err19);
              }
              errors++;
            }
          } else {
            const err20 = {
              instancePath: instancePath + '/id/' + i1,
              schemaPath: '#/$defs/keyColumns/oneOf/1/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema49.oneOf[1].items.type,
              parentSchema: schema49.oneOf[1].items,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err20];
            } else {
              vErrors.push(err20);
            }
            errors++;
          }
        }
      } else {
        const err21 = {
          instancePath: instancePath + '/id',
          schemaPath: '#/$defs/keyColumns/oneOf/1/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema49.oneOf[1].type,
          parentSchema: schema49.oneOf[1],
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
      var _valid1 = _errs22 === errors;
      if (_valid1 && valid6) {
        valid6 = false;
        passing1 = [passing1, 1];
      } else {
        if (_valid1) {
          valid6 = true;
          passing1 = 1;
        }
      }
      if (!valid6) {
        const err22 = {
          instancePath: instancePath + '/id',
          schemaPath: '#/$defs/keyColumns/oneOf',
          keyword: 'oneOf',
          params: { passingSchemas: passing1 },
          message: 'must match exactly one schema in oneOf',
          schema: schema49.oneOf,
          parentSchema: schema49,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      } else {
        errors = _errs19;
        if (vErrors !== null) {
          if (_errs19) {
            vErrors.length = _errs19;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.order_by !== undefined) {
      let data7 = data.order_by;
      if (typeof data7 !== 'string') {
        const err23 = {
          instancePath: instancePath + '/order_by',
          schemaPath: '#/properties/order_by/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema55.properties.order_by.type,
          parentSchema: schema55.properties.order_by,
          data: data7,
        };
        if (vErrors === null) {
          vErrors = [err23];
        } else {
          vErrors.push(err23);
        }
        errors++;
      }
    }
    if (data.required !== undefined) {
      let data8 = data.required;
      if (typeof data8 !== 'boolean') {
        const err24 = {
          instancePath: instancePath + '/required',
          schemaPath: '#/properties/required/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema55.properties.required.type,
          parentSchema: schema55.properties.required,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err24];
        } else {
          vErrors.push(err24);
        }
        errors++;
      }
    }
    if (data.columns !== undefined) {
      let data9 = data.columns;
      if (data9 && typeof data9 == 'object' && !Array.isArray(data9)) {
        for (const key1 in data9) {
          let data10 = data9[key1];
          const _errs35 = errors;
          let valid11 = false;
          let passing2 = null;
          const _errs36 = errors;
          if (typeof data10 === 'string') {
            if (func2(data10) < 1) {
              const err25 = {
                instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
                schemaPath: '#/$defs/columns/additionalProperties/oneOf/0/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema43.additionalProperties.oneOf[0],
                data: data10,
              };
              if (vErrors === null) {
                vErrors = [err25];
              } else {
                vErrors.push(err25);
              }
              errors++;
            }
          } else {
            const err26 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf/0/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema43.additionalProperties.oneOf[0].type,
              parentSchema: schema43.additionalProperties.oneOf[0],
              data: data10,
            };
            if (vErrors === null) {
              vErrors = [err26];
            } else {
              vErrors.push(err26);
            }
            errors++;
          }
          var _valid2 = _errs36 === errors;
          if (_valid2) {
            valid11 = true;
            passing2 = 0;
          }
          const _errs38 = errors;
          if (Array.isArray(data10)) {
            if (data10.length < 1) {
              const err27 = {
                instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
                schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/minItems',
                keyword: 'minItems',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 items',
                schema: 1,
                parentSchema: schema43.additionalProperties.oneOf[1],
                data: data10,
              };
              if (vErrors === null) {
                vErrors = [err27];
              } else {
                vErrors.push(err27);
              }
              errors++;
            }
            const len2 = data10.length;
            for (let i2 = 0; i2 < len2; i2++) {
              let data11 = data10[i2];
              if (typeof data11 === 'string') {
                if (func2(data11) < 1) {
                  const err28 = {
                    instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + i2,
                    schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/items/minLength',
                    keyword: 'minLength',
                    params: { limit: 1 },
                    message: 'must NOT have fewer than 1 characters',
                    schema: 1,
                    parentSchema: schema43.additionalProperties.oneOf[1].items,
                    data: data11,
                  };
                  if (vErrors === null) {
                    vErrors = [err28];
                  } else {
                    vErrors.push(err28);
                  }
                  errors++;
                }
              } else {
                const err29 = {
                  instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + i2,
                  schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema43.additionalProperties.oneOf[1].items.type,
                  parentSchema: schema43.additionalProperties.oneOf[1].items,
                  data: data11,
                };
                if (vErrors === null) {
                  vErrors = [err29];
                } else {
                  vErrors.push(err29);
                }
                errors++;
              }
            }
          } else {
            const err30 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/type',
              keyword: 'type',
              params: { type: 'array' },
              message: 'must be array',
              schema: schema43.additionalProperties.oneOf[1].type,
              parentSchema: schema43.additionalProperties.oneOf[1],
              data: data10,
            };
            if (vErrors === null) {
              vErrors = [err30];
            } else {
              vErrors.push(err30);
            }
            errors++;
          }
          var _valid2 = _errs38 === errors;
          if (_valid2 && valid11) {
            valid11 = false;
            passing2 = [passing2, 1];
          } else {
            if (_valid2) {
              valid11 = true;
              passing2 = 1;
            }
          }
          if (!valid11) {
            const err31 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf',
              keyword: 'oneOf',
              params: { passingSchemas: passing2 },
              message: 'must match exactly one schema in oneOf',
              schema: schema43.additionalProperties.oneOf,
              parentSchema: schema43.additionalProperties,
              data: data10,
            };
            if (vErrors === null) {
              vErrors = [err31];
            } else {
              vErrors.push(err31);
            }
            errors++;
          } else {
            errors = _errs35;
            if (vErrors !== null) {
              if (_errs35) {
                vErrors.length = _errs35;
              } else {
                vErrors = null;
              }
            }
          }
        }
      } else {
        const err32 = {
          instancePath: instancePath + '/columns',
          schemaPath: '#/$defs/columns/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema43.type,
          parentSchema: schema43,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err32];
        } else {
          vErrors.push(err32);
        }
        errors++;
      }
    }
    if (data.constants !== undefined) {
      let data12 = data.constants;
      if (data12 && typeof data12 == 'object' && !Array.isArray(data12)) {
        for (const key2 in data12) {
          let data13 = data12[key2];
          if (
            typeof data13 !== 'string' &&
            !(typeof data13 == 'number' && isFinite(data13)) &&
            typeof data13 !== 'boolean'
          ) {
            const err33 = {
              instancePath: instancePath + '/constants/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/constants/additionalProperties/type',
              keyword: 'type',
              params: { type: schema44.additionalProperties.type },
              message: 'must be string,number,boolean',
              schema: schema44.additionalProperties.type,
              parentSchema: schema44.additionalProperties,
              data: data13,
            };
            if (vErrors === null) {
              vErrors = [err33];
            } else {
              vErrors.push(err33);
            }
            errors++;
          }
        }
      } else {
        const err34 = {
          instancePath: instancePath + '/constants',
          schemaPath: '#/$defs/constants/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema44.type,
          parentSchema: schema44,
          data: data12,
        };
        if (vErrors === null) {
          vErrors = [err34];
        } else {
          vErrors.push(err34);
        }
        errors++;
      }
    }
    if (data.values !== undefined) {
      let data14 = data.values;
      if (data14 && typeof data14 == 'object' && !Array.isArray(data14)) {
        for (const key3 in data14) {
          let data15 = data14[key3];
          if (data15 && typeof data15 == 'object' && !Array.isArray(data15)) {
            for (const key4 in data15) {
              let data16 = data15[key4];
              if (
                typeof data16 !== 'string' &&
                !(typeof data16 == 'number' && isFinite(data16)) &&
                typeof data16 !== 'boolean' &&
                data16 !== null
              ) {
                const err35 = {
                  instancePath:
                    instancePath +
                    '/values/' +
                    key3.replace(/~/g, '~0').replace(/\//g, '~1') +
                    '/' +
                    key4.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/values/additionalProperties/additionalProperties/type',
                  keyword: 'type',
                  params: { type: schema45.additionalProperties.additionalProperties.type },
                  message: 'must be string,number,boolean,null',
                  schema: schema45.additionalProperties.additionalProperties.type,
                  parentSchema: schema45.additionalProperties.additionalProperties,
                  data: data16,
                };
                if (vErrors === null) {
                  vErrors = [err35];
                } else {
                  vErrors.push(err35);
                }
                errors++;
              }
            }
          } else {
            const err36 = {
              instancePath: instancePath + '/values/' + key3.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/values/additionalProperties/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema45.additionalProperties.type,
              parentSchema: schema45.additionalProperties,
              data: data15,
            };
            if (vErrors === null) {
              vErrors = [err36];
            } else {
              vErrors.push(err36);
            }
            errors++;
          }
        }
      } else {
        const err37 = {
          instancePath: instancePath + '/values',
          schemaPath: '#/$defs/values/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema45.type,
          parentSchema: schema45,
          data: data14,
        };
        if (vErrors === null) {
          vErrors = [err37];
        } else {
          vErrors.push(err37);
        }
        errors++;
      }
    }
    if (data.types !== undefined) {
      let data17 = data.types;
      if (data17 && typeof data17 == 'object' && !Array.isArray(data17)) {
        for (const key5 in data17) {
          let data18 = data17[key5];
          if (!(data18 === 'string' || data18 === 'integer' || data18 === 'number' || data18 === 'boolean')) {
            const err38 = {
              instancePath: instancePath + '/types/' + key5.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/types/additionalProperties/enum',
              keyword: 'enum',
              params: { allowedValues: schema46.additionalProperties.enum },
              message: 'must be equal to one of the allowed values',
              schema: schema46.additionalProperties.enum,
              parentSchema: schema46.additionalProperties,
              data: data18,
            };
            if (vErrors === null) {
              vErrors = [err38];
            } else {
              vErrors.push(err38);
            }
            errors++;
          }
        }
      } else {
        const err39 = {
          instancePath: instancePath + '/types',
          schemaPath: '#/$defs/types/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema46.type,
          parentSchema: schema46,
          data: data17,
        };
        if (vErrors === null) {
          vErrors = [err39];
        } else {
          vErrors.push(err39);
        }
        errors++;
      }
    }
    if (data.ignore !== undefined) {
      let data19 = data.ignore;
      if (Array.isArray(data19)) {
        const len3 = data19.length;
        for (let i3 = 0; i3 < len3; i3++) {
          let data20 = data19[i3];
          if (typeof data20 !== 'string') {
            const err40 = {
              instancePath: instancePath + '/ignore/' + i3,
              schemaPath: '#/$defs/ignore/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema47.items.type,
              parentSchema: schema47.items,
              data: data20,
            };
            if (vErrors === null) {
              vErrors = [err40];
            } else {
              vErrors.push(err40);
            }
            errors++;
          }
        }
      } else {
        const err41 = {
          instancePath: instancePath + '/ignore',
          schemaPath: '#/$defs/ignore/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema47.type,
          parentSchema: schema47,
          data: data19,
        };
        if (vErrors === null) {
          vErrors = [err41];
        } else {
          vErrors.push(err41);
        }
        errors++;
      }
    }
  } else {
    const err42 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema55.type,
      parentSchema: schema55,
      data,
    };
    if (vErrors === null) {
      vErrors = [err42];
    } else {
      vErrors.push(err42);
    }
    errors++;
  }
  validate24.errors = vErrors;
  return errors === 0;
}
validate24.evaluated = { props: true, dynamicProps: false, dynamicItems: false };
function validate21(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  /*# sourceURL="https://kraken-import.local/schemas/mapping.schema.json" */ let vErrors = null;
  let errors = 0;
  const evaluated0 = validate21.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(
        key0 === 'columns' ||
        key0 === 'constants' ||
        key0 === 'values' ||
        key0 === 'types' ||
        key0 === 'ignore' ||
        key0 === 'root' ||
        key0 === 'children'
      )) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema42,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.columns !== undefined) {
      let data0 = data.columns;
      if (data0 && typeof data0 == 'object' && !Array.isArray(data0)) {
        for (const key1 in data0) {
          let data1 = data0[key1];
          const _errs7 = errors;
          let valid3 = false;
          let passing0 = null;
          const _errs8 = errors;
          if (typeof data1 === 'string') {
            if (func2(data1) < 1) {
              const err1 = {
                instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
                schemaPath: '#/$defs/columns/additionalProperties/oneOf/0/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema43.additionalProperties.oneOf[0],
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err1];
              } else {
                vErrors.push(err1);
              }
              errors++;
            }
          } else {
            const err2 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf/0/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema43.additionalProperties.oneOf[0].type,
              parentSchema: schema43.additionalProperties.oneOf[0],
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err2];
            } else {
              vErrors.push(err2);
            }
            errors++;
          }
          var _valid0 = _errs8 === errors;
          if (_valid0) {
            valid3 = true;
            passing0 = 0;
          }
          const _errs10 = errors;
          if (Array.isArray(data1)) {
            if (data1.length < 1) {
              const err3 = {
                instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
                schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/minItems',
                keyword: 'minItems',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 items',
                schema: 1,
                parentSchema: schema43.additionalProperties.oneOf[1],
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err3];
              } else {
                vErrors.push(err3);
              }
              errors++;
            }
            const len0 = data1.length;
            for (let i0 = 0; i0 < len0; i0++) {
              let data2 = data1[i0];
              if (typeof data2 === 'string') {
                if (func2(data2) < 1) {
                  const err4 = {
                    instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + i0,
                    schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/items/minLength',
                    keyword: 'minLength',
                    params: { limit: 1 },
                    message: 'must NOT have fewer than 1 characters',
                    schema: 1,
                    parentSchema: schema43.additionalProperties.oneOf[1].items,
                    data: data2,
                  };
                  if (vErrors === null) {
                    vErrors = [err4];
                  } else {
                    vErrors.push(err4);
                  }
                  errors++;
                }
              } else {
                const err5 = {
                  instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1') + '/' + i0,
                  schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema43.additionalProperties.oneOf[1].items.type,
                  parentSchema: schema43.additionalProperties.oneOf[1].items,
                  data: data2,
                };
                if (vErrors === null) {
                  vErrors = [err5];
                } else {
                  vErrors.push(err5);
                }
                errors++;
              }
            }
          } else {
            const err6 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf/1/type',
              keyword: 'type',
              params: { type: 'array' },
              message: 'must be array',
              schema: schema43.additionalProperties.oneOf[1].type,
              parentSchema: schema43.additionalProperties.oneOf[1],
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err6];
            } else {
              vErrors.push(err6);
            }
            errors++;
          }
          var _valid0 = _errs10 === errors;
          if (_valid0 && valid3) {
            valid3 = false;
            passing0 = [passing0, 1];
          } else {
            if (_valid0) {
              valid3 = true;
              passing0 = 1;
            }
          }
          if (!valid3) {
            const err7 = {
              instancePath: instancePath + '/columns/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/columns/additionalProperties/oneOf',
              keyword: 'oneOf',
              params: { passingSchemas: passing0 },
              message: 'must match exactly one schema in oneOf',
              schema: schema43.additionalProperties.oneOf,
              parentSchema: schema43.additionalProperties,
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err7];
            } else {
              vErrors.push(err7);
            }
            errors++;
          } else {
            errors = _errs7;
            if (vErrors !== null) {
              if (_errs7) {
                vErrors.length = _errs7;
              } else {
                vErrors = null;
              }
            }
          }
        }
      } else {
        const err8 = {
          instancePath: instancePath + '/columns',
          schemaPath: '#/$defs/columns/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema43.type,
          parentSchema: schema43,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.constants !== undefined) {
      let data3 = data.constants;
      if (data3 && typeof data3 == 'object' && !Array.isArray(data3)) {
        for (const key2 in data3) {
          let data4 = data3[key2];
          if (
            typeof data4 !== 'string' &&
            !(typeof data4 == 'number' && isFinite(data4)) &&
            typeof data4 !== 'boolean'
          ) {
            const err9 = {
              instancePath: instancePath + '/constants/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/constants/additionalProperties/type',
              keyword: 'type',
              params: { type: schema44.additionalProperties.type },
              message: 'must be string,number,boolean',
              schema: schema44.additionalProperties.type,
              parentSchema: schema44.additionalProperties,
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err9];
            } else {
              vErrors.push(err9);
            }
            errors++;
          }
        }
      } else {
        const err10 = {
          instancePath: instancePath + '/constants',
          schemaPath: '#/$defs/constants/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema44.type,
          parentSchema: schema44,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
    }
    if (data.values !== undefined) {
      let data5 = data.values;
      if (data5 && typeof data5 == 'object' && !Array.isArray(data5)) {
        for (const key3 in data5) {
          let data6 = data5[key3];
          if (data6 && typeof data6 == 'object' && !Array.isArray(data6)) {
            for (const key4 in data6) {
              let data7 = data6[key4];
              if (
                typeof data7 !== 'string' &&
                !(typeof data7 == 'number' && isFinite(data7)) &&
                typeof data7 !== 'boolean' &&
                data7 !== null
              ) {
                const err11 = {
                  instancePath:
                    instancePath +
                    '/values/' +
                    key3.replace(/~/g, '~0').replace(/\//g, '~1') +
                    '/' +
                    key4.replace(/~/g, '~0').replace(/\//g, '~1'),
                  schemaPath: '#/$defs/values/additionalProperties/additionalProperties/type',
                  keyword: 'type',
                  params: { type: schema45.additionalProperties.additionalProperties.type },
                  message: 'must be string,number,boolean,null',
                  schema: schema45.additionalProperties.additionalProperties.type,
                  parentSchema: schema45.additionalProperties.additionalProperties,
                  data: data7,
                };
                if (vErrors === null) {
                  vErrors = [err11];
                } else {
                  vErrors.push(err11);
                }
                errors++;
              }
            }
          } else {
            const err12 = {
              instancePath: instancePath + '/values/' + key3.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/values/additionalProperties/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema45.additionalProperties.type,
              parentSchema: schema45.additionalProperties,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err12];
            } else {
              vErrors.push(err12);
            }
            errors++;
          }
        }
      } else {
        const err13 = {
          instancePath: instancePath + '/values',
          schemaPath: '#/$defs/values/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema45.type,
          parentSchema: schema45,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
    }
    if (data.types !== undefined) {
      let data8 = data.types;
      if (data8 && typeof data8 == 'object' && !Array.isArray(data8)) {
        for (const key5 in data8) {
          let data9 = data8[key5];
          if (!(data9 === 'string' || data9 === 'integer' || data9 === 'number' || data9 === 'boolean')) {
            const err14 = {
              instancePath: instancePath + '/types/' + key5.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/$defs/types/additionalProperties/enum',
              keyword: 'enum',
              params: { allowedValues: schema46.additionalProperties.enum },
              message: 'must be equal to one of the allowed values',
              schema: schema46.additionalProperties.enum,
              parentSchema: schema46.additionalProperties,
              data: data9,
            };
            if (vErrors === null) {
              vErrors = [err14];
            } else {
              vErrors.push(err14);
            }
            errors++;
          }
        }
      } else {
        const err15 = {
          instancePath: instancePath + '/types',
          schemaPath: '#/$defs/types/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema46.type,
          parentSchema: schema46,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      }
    }
    if (data.ignore !== undefined) {
      let data10 = data.ignore;
      if (Array.isArray(data10)) {
        const len1 = data10.length;
        for (let i1 = 0; i1 < len1; i1++) {
          let data11 = data10[i1];
          if (typeof data11 !== 'string') {
            const err16 = {
              instancePath: instancePath + '/ignore/' + i1,
              schemaPath: '#/$defs/ignore/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema47.items.type,
              parentSchema: schema47.items,
              data: data11,
            };
            if (vErrors === null) {
              vErrors = [err16];
            } else {
              vErrors.push(err16);
            }
            errors++;
          }
        }
      } else {
        const err17 = {
          instancePath: instancePath + '/ignore',
          schemaPath: '#/$defs/ignore/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema47.type,
          parentSchema: schema47,
          data: data10,
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
    }
    if (data.root !== undefined) {
      if (
        !validate22(data.root, {
          instancePath: instancePath + '/root',
          parentData: data,
          parentDataProperty: 'root',
          rootData,
          dynamicAnchors,
        })
      ) {
        vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
        errors = vErrors.length;
      }
    }
    if (data.children !== undefined) {
      let data13 = data.children;
      if (data13 && typeof data13 == 'object' && !Array.isArray(data13)) {
        for (const key6 in data13) {
          if (
            !validate24(data13[key6], {
              instancePath: instancePath + '/children/' + key6.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data13,
              parentDataProperty: key6,
              rootData,
              dynamicAnchors,
            })
          ) {
            vErrors = vErrors === null ? validate24.errors : vErrors.concat(validate24.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err18 = {
          instancePath: instancePath + '/children',
          schemaPath: '#/properties/children/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema42.properties.children.type,
          parentSchema: schema42.properties.children,
          data: data13,
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      }
    }
    if (data.children !== undefined) {
      if (data.root === undefined) {
        const err19 = {
          instancePath,
          schemaPath: '#/dependentRequired',
          keyword: 'dependentRequired',
          params: { property: 'children', missingProperty: 'root', depsCount: 1, deps: 'root' },
          message: 'must have property root when property children is present',
          schema: schema42.dependentRequired,
          parentSchema: schema42,
          data,
        };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      }
    }
  } else {
    const err20 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema42.type,
      parentSchema: schema42,
      data,
    };
    if (vErrors === null) {
      vErrors = [err20];
    } else {
      vErrors.push(err20);
    }
    errors++;
  }
  validate21.errors = vErrors;
  return errors === 0;
}
validate21.evaluated = { props: true, dynamicProps: false, dynamicItems: false };
