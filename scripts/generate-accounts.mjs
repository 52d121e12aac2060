// Generates realistic, valid accounts (several customers, dozens of ledger documents, meters) for benchmarks and demos.
//
// Usage: node scripts/generate-accounts.mjs <out.ndjson> [count]   (count defaults to 1000)
// Each account is valid for the built-in US tenant: 3 customers with phones and user details, a ledger of 24 billing
// documents with 2 transactions each, 2 supply points with agreements, meters and registers (about 13 kB a line);
// account numbers are 9000000001, 9000000002, … and the import supplier ACME_ENERGY. `npm run bench` uses it, and
// so can a rehearsal: `node scripts/generate-accounts.mjs big.ndjson 100000 && kraken-import validate big.ndjson`.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const givenNames = ['Sarah', 'James', 'Maria', 'Wei', 'Olu', 'Priya', 'Tom', 'Ana', 'Lee', 'Sam'];
const familyNames = ['Johnson', 'Garcia', 'Smith', 'Nguyen', 'Okafor', 'Patel', 'Brown', 'Silva', 'Wong', 'Miller'];

function pad(number, width) {
  return String(number).padStart(width, '0');
}

function isoDay(year, month, day) {
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Builds account number `index` of a generated migration. */
export function generateAccount(
  index,
  { customers = 3, billingDocuments = 24, supplyPoints = 2, supplier = 'ACME_ENERGY' } = {},
) {
  const accountNumber = `9${pad(index, 9)}`;
  const address = {
    street_address: `${100 + (index % 900)} Main St`,
    locality: 'Revere',
    administrative_area: 'MA',
    postal_code: pad(2151 + (index % 500), 5),
    country: 'US',
  };
  const documents = [];
  let transactionId = 0;
  for (let documentIndex = 0; documentIndex < billingDocuments; documentIndex += 1) {
    const year = 2024 + Math.floor(documentIndex / 12);
    const month = (documentIndex % 12) + 1;
    documents.push({
      billing_document_identifier: `INV-${accountNumber}-${documentIndex}`,
      billing_document_type: 'ITEM_BASED',
      issued_date: isoDay(year, month, 1),
      transactions: [
        {
          transaction_id: String(++transactionId),
          type: 'CHARGE',
          reason: 'DATA_IMPORT_BALANCE_TRANSFER',
          amount: `${(index % 90) + 10}.${pad(documentIndex, 2)}`,
          transaction_date: isoDay(year, month, 1),
        },
        {
          transaction_id: String(++transactionId),
          type: 'PAYMENT',
          reason: 'DATA_IMPORT_BALANCE_TRANSFER',
          amount: `-${(index % 90) + 10}`,
          transaction_date: isoDay(year, month, 15),
        },
      ],
    });
  }
  return {
    import_supplier: supplier,
    external_account_number: accountNumber,
    billing_address: address,
    metadata: [{ key: 'legacy_id', value: { system: 'LEGACY', id: index } }],
    customers: Array.from({ length: customers }, (_, customerIndex) => ({
      given_name: givenNames[(index + customerIndex) % givenNames.length],
      family_name: familyNames[index % familyNames.length],
      email: `customer${index}.${customerIndex}@example.com`,
      mobile: `+1201555${pad((index * 7 + customerIndex) % 10000, 4)}`,
      landline: '',
      date_of_birth: isoDay(1950 + (index % 50), (index % 12) + 1, (index % 28) + 1),
      alternative_phone_numbers: [{ phone_number: `+1617555${pad((index + customerIndex) % 10000, 4)}` }],
      customer_preferences: { opted_into_updates: true, opted_into_offers: index % 2 === 0, opted_into_sms: true },
      user_details: [
        { namespace: 'external_user_id', value: `${accountNumber}-${customerIndex}` },
        { namespace: 'middle_name', value: 'F' },
      ],
    })),
    notes: [{ created_at: '2024-06-01T12:00:00Z', body: 'Imported from the legacy system.', is_pinned: false }],
    ledgers: [
      {
        ledger_code: 'ENERGY',
        billing_document_type: 'ITEM_BASED',
        ledger_balance: `-${index % 300}`,
        last_statement_closing_date: '2025-12-01',
        last_statement_issue_date: '2025-12-01',
        historical_billing_documents: documents,
        additional_historical_transactions: [],
        current_statement_transactions: [],
      },
    ],
    supply_addresses: [
      {
        customer_at_supply_address_from_date: '2024-01-01',
        supply_address: address,
        external_identifier: `SITE-${accountNumber}`,
        property_details: {
          property_type_specific_details: { property_type: 'Premise', premise_type: 'SINGLE_FAMILY' },
        },
        supply_points: Array.from({ length: supplyPoints }, (_, pointIndex) => ({
          supply_type: 'ELECTRICITY',
          identifier: `${accountNumber}-${pointIndex}`,
          operating_company: 'MASSACHUSETTS_ELECTRIC',
          supply_start_date: '2024-01-01',
          last_billed_to_date: '2025-12-01',
          agreements: [
            {
              effective_from: '2024-01-01',
              effective_to: '2025-01-01',
              tariff_code: 'R1-FIX',
              characteristics: [{ code: 'MECO-R1-FixVar', value: 'FIXED' }],
            },
            {
              effective_from: '2025-01-01',
              tariff_code: 'R1-VAR',
              characteristics: [{ code: 'MECO-R1-FixVar', value: 'VARIABLE' }],
            },
          ],
          meters: [
            {
              active_from: '2024-01-01T00:00:00Z',
              serial_number: `MTR-${accountNumber}-${pointIndex}`,
              status: 'on',
              service_type: 'metered_service_kwh',
              voltage: 240,
              size: 100,
              phase: 'Single',
              retrieval_method: 'AMI',
              is_net_metered: false,
              registers: [{ register_type: 'KWH_IMPORT', digits: 5, multiplier: '1' }],
            },
          ],
        })),
      },
    ],
  };
}

/** Writes `count` generated accounts as NDJSON to `path`. */
export async function writeAccounts(path, count, options) {
  const out = createWriteStream(path);
  for (let index = 1; index <= count; index += 1) {
    if (!out.write(`${JSON.stringify(generateAccount(index, options))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  const [path, count = '1000'] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node scripts/generate-accounts.mjs <out.ndjson> [count]  (writes count valid accounts)');
    process.exit(2);
  }
  await writeAccounts(path, Number(count));
}
