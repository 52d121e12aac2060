// Which fields of an account hold personal data, by the field names of the account schema (every name of the built-in
// schema is classified, a test keeps it so): what `--redact` keeps out of reports (errors there never quote values).
import type { PersonalAttrTest } from '../core/field-error.js';
import { isJsonObject } from '../core/json.js';

/**
 * Fields of the built-in schema that hold personal data: names, contact details, date of birth, addresses, and
 * free text (note bodies and documents, metadata and customer-detail values, access instructions). A field that
 * holds them as a whole (`customers`, `billing_address`) counts too: an error on it may quote any of them.
 */
export const personalFields: readonly string[] = [
  'customers',
  'given_name',
  'family_name',
  'email',
  'mobile',
  'landline',
  'alternative_phone_numbers',
  'phone_number',
  'date_of_birth',
  'user_details',
  'value',
  'billing_address',
  'supply_address',
  'street_address',
  'locality',
  'administrative_area',
  'postal_code',
  'driving_instructions',
  'entry_instructions',
  'notes',
  'body',
  'document_path',
  'document_paths',
  'metadata',
];

/**
 * Fields of the built-in schema that hold no personal data: identifiers, codes and choices, flags, amounts and
 * meter readings, and dates of the account's history (not of a person). An error on them quotes its value as usual.
 */
export const impersonalFields: readonly string[] = [
  'external_account_number',
  'import_supplier',
  'external_identifier',
  'identifier',
  'billing_document_identifier',
  'transaction_id',
  'key',
  'namespace',
  'code',
  'country',
  'customer_preferences',
  'opted_into_offers',
  'opted_into_sms',
  'opted_into_updates',
  'ledgers',
  'ledger_code',
  'ledger_balance',
  'billing_document_type',
  'historical_billing_documents',
  'additional_historical_transactions',
  'current_statement_transactions',
  'transactions',
  'transaction_date',
  'amount',
  'reason',
  'issued_date',
  'last_billed_to_date',
  'last_statement_closing_date',
  'last_statement_issue_date',
  'created_at',
  'unpin_at',
  'is_pinned',
  'active_from',
  'supply_addresses',
  'customer_at_supply_address_from_date',
  'property_details',
  'property_type',
  'property_type_specific_details',
  'premise_type',
  'size',
  'service_drop',
  'supply_points',
  'supply_details',
  'supply_start_date',
  'supply_type',
  'service_type',
  'standard_point_location_code',
  'operating_company',
  'distribution_line_style',
  'delivery_voltage',
  'voltage',
  'load_profile_code',
  'tariff_code',
  'agreements',
  'effective_from',
  'effective_to',
  'characteristics',
  'meters',
  'serial_number',
  'manufacturer',
  'model',
  'metering_type',
  'phase',
  'status',
  'retrieval_method',
  'advance_meter_info',
  'is_net_metered',
  'multiplier',
  'registers',
  'register_type',
  'digits',
  'type',
];

/** Every property name a JSON Schema document declares, at any depth. */
export function schemaFieldNames(document: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!isJsonObject(node)) return;
    const properties = node['properties'];
    if (isJsonObject(properties)) for (const name of Object.keys(properties)) names.add(name);
    for (const value of Object.values(node)) walk(value);
  };
  walk(document);
  return names;
}

/**
 * The personal-data test: an attr is judged by its last named segment (`customers.0.email` by `email`, `customers.0`
 * by `customers`); it is free of personal data only when `impersonalFields` names it. Any other field — one of
 * `personalFields`, a tenant schema's own field not listed yet, a field no schema knows — counts as personal. An
 * error without attr is not about a field (see report/redact.ts for those).
 */
export const isPersonalAttr: PersonalAttrTest = (attr) => {
  if (attr === undefined || attr === '') return false;
  const field = attr
    .split('.')
    .filter((segment) => !/^\d+$/.test(segment))
    .at(-1);
  return field !== undefined && !impersonal.has(field);
};

const impersonal: ReadonlySet<string> = new Set(impersonalFields);
