// The Account Import API's business rules that JSON Schema cannot express, with the server's error codes.
import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import { UsageError } from '../core/errors.js';
import { fieldError, type FieldError } from '../core/field-error.js';
import type { TenantRules } from './tenant-rules.js';
import { compilePhoneCheck, type PhoneCheck } from './phone-check.js';
import { phoneMetadataOf } from './phone-metadata.js';
import { isJsonObject, objectField, objectItems, stringField, type JsonObject, type ObjectItem } from '../core/json.js';

/** Verdicts of the phone numbers seen, by number text: the same number is parsed once (bounded, then started anew). */
const maxPhoneVerdicts = 50_000;

const postalCodePatterns: Record<string, RegExp> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/,
  GB: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/,
};

const testEmailPatterns = [/^test@/i, /^xxx@/i, /@test\.com$/i, /@test\.co\.uk$/i, /\.xxx$/i];

/** A tenant's rules with what can be worked out once (patterns, calling code) worked out. */
export interface CompiledTenant {
  tenant: TenantRules;
  /** The postal code pattern in force, or undefined when the region has none known. */
  postalCode: RegExp | undefined;
  /** How phone numbers are checked; undefined when no region is set (no phone checks). */
  phones: RegionPhones | undefined;
}

/** What checking a region's phone numbers takes, worked out once. */
interface RegionPhones {
  region: CountryCode;
  /** The region's international calling code (`1` for US). */
  callingCode: string;
  /** libphonenumber's metadata of that calling code (phone-metadata.ts). */
  metadata: MetadataJson;
  /** The region's E.164 numbers checked with the metadata's patterns compiled once. */
  e164Check: PhoneCheck;
  /** Whether each phone number text seen so far is valid for the region. */
  verdicts: Map<string, boolean>;
}

/** What the rules need besides the payload: the compiled tenant rules and today's date. */
export interface RuleContext extends CompiledTenant {
  /** Today as YYYY-MM-DD (UTC); transactions after it are in the future. */
  today: string;
}

/** Compiles a tenant's rules once; a bad pattern or an unknown region is a configuration error. */
export function compileTenant(tenant: TenantRules): CompiledTenant {
  let postalCode: RegExp | undefined;
  try {
    postalCode =
      tenant.postalCodePattern !== null
        ? new RegExp(tenant.postalCodePattern)
        : tenant.region === null
          ? undefined
          : postalCodePatterns[tenant.region];
  } catch (error) {
    throw new UsageError(`tenant.postal_code_pattern is not a regular expression: ${(error as Error).message}`);
  }
  if (tenant.region === null) {
    return { tenant, postalCode, phones: undefined };
  }
  const phone = phoneMetadataOf(tenant.region);
  if (phone === undefined) {
    throw new UsageError(`tenant.region "${tenant.region}" is not a region with known phone numbers`);
  }
  const { callingCode, metadata } = phone;
  const e164Check = compilePhoneCheck(metadata, callingCode);
  const phones = { region: tenant.region as CountryCode, callingCode, metadata, e164Check, verdicts: new Map() };
  return { tenant, postalCode, phones };
}

/**
 * The server's rules this tool checks before sending, by the error code both use, and when it checks them
 * (`schema show` marks a tenant's `x-validators` whose possible errors are among these).
 */
export const implementedRuleCodes: Readonly<Record<string, string>> = {
  invalid_phone_number: 'phone numbers valid for tenant.region (none checked without a region)',
  invalid_postcode: "postal codes of tenant.region's pattern or tenant.postal_code_pattern",
  possible_test_email_address: 'customer emails that look like test addresses',
  customer_detail_not_registered: 'user_details namespaces in tenant.user_detail_namespaces (when listed)',
  metadata_has_duplicate_keys: 'metadata keys repeated in one account',
  note_body_or_document_path_not_found: 'notes without a body or a document path',
  note_unpin_at_earlier_than_creation_date: 'notes unpinned before they were created',
  ledger_code_does_not_exist: 'ledger codes in tenant.ledger_codes (when listed)',
  transaction_in_future: 'transaction dates after today',
  duplicate_transaction_ids: 'transaction ids repeated in one account',
  gaps_or_overlaps_in_agreement_dates: 'agreements of one supply point that overlap or leave gaps',
  duplicate_external_account_number: 'an account number repeated within the run',
};

type Emit = (error: FieldError) => void;

/**
 * libphonenumber's verdict: a number valid for the tenant's region (its calling code), by the fast check if it can.
 * The library's functions come from its `/core` entry, which takes the metadata as an argument.
 */
function phoneVerdict(value: string, phones: RegionPhones): boolean {
  const fast = phones.e164Check(value);
  if (fast !== undefined) return fast;
  const parsed = parsePhoneNumberFromString(value, phones.region, phones.metadata);
  return parsed !== undefined && parsed.isValid() && parsed.countryCallingCode === phones.callingCode;
}

function checkPhone(value: string | undefined, attr: string, context: RuleContext, emit: Emit): void {
  const { phones } = context;
  if (value === undefined || value === '' || phones === undefined) return;
  const verdicts = phones.verdicts;
  let valid = verdicts.get(value);
  if (valid === undefined) {
    valid = phoneVerdict(value, phones);
    if (verdicts.size >= maxPhoneVerdicts) verdicts.clear();
    verdicts.set(value, valid);
  }
  if (!valid) {
    emit(fieldError('invalid_phone_number', attr, `${value} is not a valid phone number`));
  }
}

function checkPostalCode(address: JsonObject | undefined, attr: string, context: RuleContext, emit: Emit): void {
  const postalCode = stringField(address, 'postal_code');
  if (postalCode === undefined) return;
  if (context.postalCode !== undefined && !context.postalCode.test(postalCode)) {
    emit(
      fieldError(
        'invalid_postcode',
        `${attr}.postal_code`,
        context.tenant.region === null
          ? `${postalCode} is not a valid postal code.`
          : `${postalCode} is not a valid postal code for ${context.tenant.region}.`,
      ),
    );
  }
}

function checkChoice(
  value: string | undefined,
  allowed: readonly string[] | null,
  attr: string,
  emit: Emit,
  code = 'invalid_choice',
  detail = (text: string) => `"${text}" is not a valid choice.`,
): void {
  if (value === undefined || allowed === null || allowed.includes(value)) return;
  emit(fieldError(code, attr, detail(value)));
}

function checkCustomers(account: JsonObject, context: RuleContext, emit: Emit): void {
  for (const { item: customer, attr } of objectItems(account, 'customers', '')) {
    checkPhone(stringField(customer, 'mobile'), `${attr}.mobile`, context, emit);
    checkPhone(stringField(customer, 'landline'), `${attr}.landline`, context, emit);
    for (const { item: alternative, attr: altAttr } of objectItems(customer, 'alternative_phone_numbers', attr)) {
      checkPhone(stringField(alternative, 'phone_number'), `${altAttr}.phone_number`, context, emit);
    }
    const email = stringField(customer, 'email');
    if (email !== undefined && testEmailPatterns.some((pattern) => pattern.test(email))) {
      emit(fieldError('possible_test_email_address', `${attr}.email`, `${email} looks like a test email address.`));
    }
    for (const { item: detail, attr: detailAttr } of objectItems(customer, 'user_details', attr)) {
      checkChoice(
        stringField(detail, 'namespace'),
        context.tenant.userDetailNamespaces,
        `${detailAttr}.namespace`,
        emit,
        'customer_detail_not_registered',
        (namespace) => `Customer detail namespace "${namespace}" is not registered.`,
      );
    }
  }
}

function checkMetadata(account: JsonObject, emit: Emit): void {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { item } of objectItems(account, 'metadata', '')) {
    const key = stringField(item, 'key');
    if (key === undefined) continue;
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  if (repeated.size > 0) {
    const keys = [...repeated].map((key) => `"${key}"`).join(', ');
    emit(fieldError('metadata_has_duplicate_keys', 'metadata', `Metadata keys must be unique; repeated: ${keys}.`));
  }
}

function checkNotes(account: JsonObject, emit: Emit): void {
  for (const { item: note, attr } of objectItems(account, 'notes', '')) {
    const body = stringField(note, 'body');
    const paths = note['document_paths'];
    const hasDocuments = Array.isArray(paths) && paths.length > 0;
    if ((body === undefined || body.trim() === '') && !hasDocuments) {
      emit(
        fieldError('note_body_or_document_path_not_found', attr, 'A note needs a body or at least one document path.'),
      );
    }
    const createdAt = Date.parse(stringField(note, 'created_at') ?? '');
    const unpinAt = Date.parse(stringField(note, 'unpin_at') ?? '');
    if (!Number.isNaN(createdAt) && !Number.isNaN(unpinAt) && unpinAt < createdAt) {
      emit(
        fieldError(
          'note_unpin_at_earlier_than_creation_date',
          `${attr}.unpin_at`,
          'The unpin date is earlier than the date the note was created.',
        ),
      );
    }
  }
}

/** Every transaction of a ledger (in its billing documents, then its other two lists), with its attr path. */
function transactionsOf(ledger: JsonObject, attr: string): ObjectItem[] {
  const transactions: ObjectItem[] = [];
  for (const { item: document, attr: documentAttr } of objectItems(ledger, 'historical_billing_documents', attr)) {
    transactions.push(...objectItems(document, 'transactions', documentAttr));
  }
  transactions.push(...objectItems(ledger, 'additional_historical_transactions', attr));
  transactions.push(...objectItems(ledger, 'current_statement_transactions', attr));
  return transactions;
}

function checkLedgers(account: JsonObject, context: RuleContext, emit: Emit): void {
  const { tenant } = context;
  const transactionIds = new Set<string>();
  for (const { item: ledger, attr } of objectItems(account, 'ledgers', '')) {
    checkChoice(
      stringField(ledger, 'ledger_code'),
      tenant.ledgerCodes,
      `${attr}.ledger_code`,
      emit,
      'ledger_code_does_not_exist',
      (code) => `Ledger code "${code}" does not exist.`,
    );
    checkChoice(
      stringField(ledger, 'billing_document_type'),
      tenant.billingDocumentTypes,
      `${attr}.billing_document_type`,
      emit,
    );
    for (const { item: document, attr: documentAttr } of objectItems(ledger, 'historical_billing_documents', attr)) {
      checkChoice(
        stringField(document, 'billing_document_type'),
        tenant.billingDocumentTypes,
        `${documentAttr}.billing_document_type`,
        emit,
      );
    }
    for (const { item: transaction, attr: transactionAttr } of transactionsOf(ledger, attr)) {
      checkChoice(stringField(transaction, 'reason'), tenant.transactionReasons, `${transactionAttr}.reason`, emit);
      const date = stringField(transaction, 'transaction_date');
      if (date !== undefined && date > context.today) {
        emit(
          fieldError(
            'transaction_in_future',
            `${transactionAttr}.transaction_date`,
            `Transaction date ${date} is in the future.`,
          ),
        );
      }
      const id = stringField(transaction, 'transaction_id');
      if (id === undefined) continue;
      if (transactionIds.has(id)) {
        emit(
          fieldError(
            'duplicate_transaction_ids',
            `${transactionAttr}.transaction_id`,
            `Transaction id "${id}" is used more than once in this account.`,
          ),
        );
      }
      transactionIds.add(id);
    }
  }
}

const dayMs = 86_400_000;

function checkAgreements(supplyPoint: JsonObject, attr: string, emit: Emit): void {
  const agreements: { from: number; to: number | undefined; attr: string }[] = [];
  for (const { item: agreement, attr: agreementAttr } of objectItems(supplyPoint, 'agreements', attr)) {
    const from = Date.parse(stringField(agreement, 'effective_from') ?? '');
    if (Number.isNaN(from)) return;
    const toText = stringField(agreement, 'effective_to');
    const to = toText === undefined ? undefined : Date.parse(toText);
    if (to !== undefined && Number.isNaN(to)) return;
    if (to !== undefined && to < from) {
      emit(fieldError('invalid', `${agreementAttr}.effective_to`, 'effective_to is earlier than effective_from.'));
      return;
    }
    agreements.push({ from, to, attr: agreementAttr });
  }
  agreements.sort((a, b) => a.from - b.from);
  for (let index = 1; index < agreements.length; index += 1) {
    const previous = agreements[index - 1];
    const current = agreements[index];
    if (previous === undefined || current === undefined) continue;
    // The end may be given as the next agreement's first day (exclusive) or as the day before it (inclusive).
    const contiguous =
      previous.to !== undefined && (current.from === previous.to || current.from === previous.to + dayMs);
    if (!contiguous) {
      const problem = previous.to === undefined || current.from < previous.to ? 'overlaps' : 'leaves a gap after';
      emit(
        fieldError(
          'gaps_or_overlaps_in_agreement_dates',
          `${attr}.agreements`,
          `Agreement ${current.attr.split('.').pop() ?? ''} ${problem} the agreement before it; agreements of one supply point must follow each other without gaps or overlaps.`,
        ),
      );
      return;
    }
  }
}

function checkSupplyAddresses(account: JsonObject, context: RuleContext, emit: Emit): void {
  const { tenant } = context;
  for (const { item: supplyAddress, attr } of objectItems(account, 'supply_addresses', '')) {
    checkPostalCode(objectField(supplyAddress, 'supply_address'), `${attr}.supply_address`, context, emit);
    const specific = objectField(objectField(supplyAddress, 'property_details'), 'property_type_specific_details');
    const specificAttr = `${attr}.property_details.property_type_specific_details`;
    checkChoice(stringField(specific, 'property_type'), tenant.propertyTypes, `${specificAttr}.property_type`, emit);
    checkChoice(stringField(specific, 'premise_type'), tenant.premiseTypes, `${specificAttr}.premise_type`, emit);
    for (const { item: supplyPoint, attr: pointAttr } of objectItems(supplyAddress, 'supply_points', attr)) {
      checkAgreements(supplyPoint, pointAttr, emit);
      for (const { item: meter, attr: meterAttr } of objectItems(supplyPoint, 'meters', pointAttr)) {
        checkChoice(stringField(meter, 'phase'), tenant.meterPhases, `${meterAttr}.phase`, emit);
        checkChoice(stringField(meter, 'status'), tenant.meterStatuses, `${meterAttr}.status`, emit);
        checkChoice(
          stringField(meter, 'retrieval_method'),
          tenant.retrievalMethods,
          `${meterAttr}.retrieval_method`,
          emit,
        );
        for (const { item: register, attr: registerAttr } of objectItems(meter, 'registers', meterAttr)) {
          checkChoice(
            stringField(register, 'register_type'),
            tenant.registerTypes,
            `${registerAttr}.register_type`,
            emit,
          );
        }
      }
    }
  }
}

/** Checks an account against the business rules and returns every problem found. */
export function checkBusinessRules(account: unknown, context: RuleContext): FieldError[] {
  const errors: FieldError[] = [];
  if (!isJsonObject(account)) return errors;
  const emit: Emit = (error) => errors.push(error);
  checkPostalCode(objectField(account, 'billing_address'), 'billing_address', context, emit);
  checkMetadata(account, emit);
  checkCustomers(account, context, emit);
  checkNotes(account, emit);
  checkLedgers(account, context, emit);
  checkSupplyAddresses(account, context, emit);
  return errors;
}
