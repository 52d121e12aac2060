// The tenant-specific lists and region that the business rules check against, with defaults from the seed example.

/** Lists and settings that differ between Kraken instances (the `tenant:` key of the config file). */
export interface TenantRules {
  /** ISO 3166 region whose phone numbers and postal codes are valid; null checks neither. */
  region: string | null;
  /** The tenant's TIME_ZONE (IANA name): where a date-time without an offset is placed. */
  timeZone: string;
  /** Overrides the region's postal code pattern (a regular expression). */
  postalCodePattern: string | null;
  /** Fields the schema does not know (Kraken ignores them): an error, a warning (the default), or nothing. */
  unknownFields: 'error' | 'warn' | 'ignore';
  /** Each list, when not null, is the complete set of accepted values. */
  ledgerCodes: readonly string[] | null;
  userDetailNamespaces: readonly string[] | null;
  premiseTypes: readonly string[] | null;
  propertyTypes: readonly string[] | null;
  registerTypes: readonly string[] | null;
  billingDocumentTypes: readonly string[] | null;
  transactionReasons: readonly string[] | null;
  meterPhases: readonly string[] | null;
  meterStatuses: readonly string[] | null;
  retrievalMethods: readonly string[] | null;
  /**
   * The import supplier's settings (`enforce_strict_billing_options: true`): in a tenant schema, a polymorphic
   * serializer whose discriminator is such a setting takes the branch of its value here (the unset one otherwise).
   */
  supplierSettings: Readonly<Record<string, boolean | string | null>>;
}

/** Defaults: the values of the seed guide's example payload, so that it validates as published. */
export const defaultTenantRules: TenantRules = {
  region: 'US',
  timeZone: 'UTC',
  postalCodePattern: null,
  unknownFields: 'warn',
  ledgerCodes: ['ENERGY'],
  userDetailNamespaces: [
    'external_user_id',
    'middle_name',
    'suffix',
    'tax_id',
    'driver_license_number',
    'driver_license_state',
    'experian_pin_id',
  ],
  premiseTypes: ['SINGLE_FAMILY'],
  propertyTypes: ['Premise'],
  registerTypes: ['KWH_IMPORT'],
  billingDocumentTypes: ['ITEM_BASED'],
  transactionReasons: ['DATA_IMPORT_BALANCE_TRANSFER'],
  meterPhases: ['Single'],
  meterStatuses: ['on'],
  retrievalMethods: ['AMI'],
  supplierSettings: {},
};

/** The config file's snake_case `tenant:` keys, mapped to TenantRules fields. */
export const tenantConfigKeys = {
  region: 'region',
  time_zone: 'timeZone',
  postal_code_pattern: 'postalCodePattern',
  unknown_fields: 'unknownFields',
  ledger_codes: 'ledgerCodes',
  user_detail_namespaces: 'userDetailNamespaces',
  premise_types: 'premiseTypes',
  property_types: 'propertyTypes',
  register_types: 'registerTypes',
  billing_document_types: 'billingDocumentTypes',
  transaction_reasons: 'transactionReasons',
  meter_phases: 'meterPhases',
  meter_statuses: 'meterStatuses',
  retrieval_methods: 'retrievalMethods',
  supplier_settings: 'supplierSettings',
} as const satisfies Record<string, keyof TenantRules>;

/**
 * The defaults under a tenant's own schema: the built-in tenant's region and lists are US values that another
 * tenant need not share, so nothing is checked against them until the config file's `tenant:` says so.
 */
export const tenantSchemaRules: TenantRules = {
  ...defaultTenantRules,
  region: null,
  ledgerCodes: null,
  userDetailNamespaces: null,
  premiseTypes: null,
  propertyTypes: null,
  registerTypes: null,
  billingDocumentTypes: null,
  transactionReasons: null,
  meterPhases: null,
  meterStatuses: null,
  retrievalMethods: null,
};

/**
 * Returns tenant rules with the given config values laid over the defaults: the built-in tenant's, or (when a
 * tenant's own schema is in use) none at all.
 */
export function resolveTenantRules(config: Record<string, unknown> | undefined, tenantSchema = false): TenantRules {
  const rules: Record<string, unknown> = { ...(tenantSchema ? tenantSchemaRules : defaultTenantRules) };
  for (const [configKey, field] of Object.entries(tenantConfigKeys)) {
    if (config !== undefined && Object.hasOwn(config, configKey)) rules[field] = config[configKey];
  }
  return rules as unknown as TenantRules;
}
