// The error shape shared with the Kraken validate endpoint: {code, attr, detail}.

/** One problem with one field of an account, in the API's own shape. */
export interface FieldError {
  /** A stable code: the server's name where known, Django REST framework's otherwise. */
  code: string;
  /** Dotted path with numeric list indices (`customers.0.landline`); absent for whole-record problems. */
  attr?: string;
  /** A plain sentence a support agent can read. */
  detail: string;
  /** In an account assembled from several files: the file and line the field came from (`customers.csv:812`). */
  source?: string;
  /** ... and the column of that file. */
  column?: string;
}

/** Tells, for an error's `attr`, whether its value may be personal data (`--redact`; see validation/personal-data.ts). */
export type PersonalAttrTest = (attr: string | undefined) => boolean;

/** Joins path segments into the API's dotted `attr` notation. */
export function joinAttr(base: string, key: string | number): string {
  return base === '' ? String(key) : `${base}.${key}`;
}

/** Builds a FieldError, leaving `attr` out when the error is about the whole record. */
export function fieldError(code: string, attr: string, detail: string): FieldError {
  return attr === '' ? { code, detail } : { code, attr, detail };
}
