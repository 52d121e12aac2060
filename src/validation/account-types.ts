// Payload types generated from schemas/account.schema.json by `npm run generate:types`; do not edit by hand.

/**
 * A phone number valid for the migration's region; an empty string means none.
 */
export type PhoneNumber = string;
/**
 * A calendar date, YYYY-MM-DD.
 */
export type DateString = string;
/**
 * An ISO 8601 date-time with a UTC offset.
 */
export type DateTimeString = string;
/**
 * A decimal amount such as "-200" or "23.43" (DRF DecimalField: 20 digits, 10 after the point; a JSON number is read too).
 */
export type DecimalString = string;
/**
 * A register multiplier such as "1.0" (DRF DecimalField: 13 digits, 5 after the point).
 */
export type MultiplierString = string;

/**
 * One account of the Kraken Account Import API (v2), as sent in the `payload` of the validate and create endpoints.
 */
export interface Account {
  /**
   * The import supplier code set up in Kraken for this migration.
   */
  import_supplier: string;
  /**
   * The account number in the legacy system; unique per import supplier.
   */
  external_account_number: string;
  billing_address?: Address;
  metadata?: MetadataItem[];
  /**
   * @minItems 1
   */
  customers: [Customer, ...Customer[]];
  notes?: Note[];
  ledgers?: Ledger[];
  supply_addresses?: SupplyAddress[];
}
export interface Address {
  street_address: string;
  locality?: string;
  administrative_area?: string;
  postal_code: string;
  country?: string;
}
export interface MetadataItem {
  key: string;
  /**
   * Any JSON value kept with the account.
   */
  value: unknown;
}
export interface Customer {
  given_name: string;
  family_name: string;
  email?: string;
  mobile?: PhoneNumber;
  landline?: PhoneNumber;
  date_of_birth?: DateString;
  alternative_phone_numbers?: AlternativePhoneNumber[];
  customer_preferences?: CustomerPreferences;
  user_details?: UserDetail[];
}
export interface AlternativePhoneNumber {
  phone_number: PhoneNumber;
}
export interface CustomerPreferences {
  opted_into_updates?: boolean;
  opted_into_offers?: boolean;
  opted_into_sms?: boolean;
}
export interface UserDetail {
  namespace: string;
  value: string;
}
export interface Note {
  created_at: DateTimeString;
  body?: string;
  is_pinned?: boolean;
  unpin_at?: DateTimeString;
  document_paths?: DocumentPath[];
}
export interface DocumentPath {
  document_path: string;
}
export interface Ledger {
  ledger_code: string;
  billing_document_type?: string;
  ledger_balance?: DecimalString;
  last_statement_closing_date?: DateString;
  last_statement_issue_date?: DateString;
  historical_billing_documents?: BillingDocument[];
  additional_historical_transactions?: Transaction[];
  current_statement_transactions?: Transaction[];
}
export interface BillingDocument {
  billing_document_identifier: string;
  billing_document_type?: string;
  issued_date: DateString;
  transactions?: Transaction[];
}
export interface Transaction {
  transaction_id: string;
  type: 'CHARGE' | 'PAYMENT' | 'REPAYMENT' | 'CREDIT' | 'SUPPLY_CHARGE';
  reason?: string;
  amount: DecimalString;
  transaction_date: DateString;
}
export interface SupplyAddress {
  customer_at_supply_address_from_date?: DateString;
  supply_address: Address;
  external_identifier?: string;
  property_details?: PropertyDetails;
  supply_points?: SupplyPoint[];
}
export interface PropertyDetails {
  driving_instructions?: string;
  property_type_specific_details?: PropertyTypeSpecificDetails;
}
export interface PropertyTypeSpecificDetails {
  property_type?: string;
  premise_type?: string;
  entry_instructions?: string;
}
export interface SupplyPoint {
  supply_type: 'ELECTRICITY' | 'GAS' | 'UNMETERED_GAS' | 'UNMETERED_ELECTRICITY' | 'WATER';
  identifier: string;
  operating_company?: string;
  supply_start_date?: DateString;
  last_billed_to_date?: DateString;
  agreements?: Agreement[];
  supply_details?: SupplyDetails;
  meters?: Meter[];
}
export interface Agreement {
  effective_from: DateString;
  effective_to?: DateString;
  tariff_code: string;
  characteristics?: AgreementCharacteristic[];
}
export interface AgreementCharacteristic {
  code: string;
  value: string;
}
export interface SupplyDetails {
  standard_point_location_code?: string;
  load_profile_code?: string;
  service_drop?: ServiceDrop;
}
export interface ServiceDrop {
  external_identifier?: string;
  distribution_line_style?: string;
  delivery_voltage?: string;
  metering_type?: string;
}
export interface Meter {
  active_from?: DateTimeString;
  serial_number: string;
  status?: string;
  service_type?: string;
  voltage?: number;
  size?: number;
  phase?: string;
  retrieval_method?: string;
  model?: string;
  manufacturer?: string;
  advance_meter_info?: string;
  is_net_metered?: boolean;
  registers?: Register[];
}
export interface Register {
  register_type: string;
  digits: number;
  multiplier?: MultiplierString;
}
