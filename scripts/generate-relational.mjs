// Generates a relational legacy export (accounts.csv, customers.csv, supply_points.csv, agreements.csv, meters.csv,
// registers.csv, bill_docs.csv, transactions.csv, notes.csv) with the mapping that assembles it, for benchmarks.
//
// Usage: node scripts/generate-relational.mjs <out-dir> [count]   (count defaults to 1000)
// Each account has 2 customers, 2 supply points (each with an agreement, a meter and a register), a ledger of 24
// billing documents with 2 transactions each (48 transactions) and a note: 84 rows in 9 files. Every file lists the
// accounts in its own random order (seeded, so the same count gives the same files), so the export is unsorted as a
// real one usually is. The mapping is fixtures/relational/export.yaml, copied next to the data.
import { copyFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

const givenNames = ['Sarah', 'James', 'Maria', 'Wei', 'Olu', 'Priya', 'Tom', 'Ana', 'Lee', 'Sam'];
const familyNames = ['Johnson', 'Garcia', 'Smith', 'Nguyen', 'Okafor', 'Patel', 'Brown', 'Silva', 'Wong', 'Miller'];
const mappingPath = new URL('../fixtures/relational/export.yaml', import.meta.url).pathname;

const pad = (number, width) => String(number).padStart(width, '0');
const day = (year, month, date) => `${year}-${pad(month, 2)}-${pad(date, 2)}`;

/** mulberry32: a small seeded generator, so that a count always gives the same files. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The accounts 1..count in a random order of their own for each file. */
function shuffled(count, seed) {
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index += 1) order[index] = index + 1;
  const next = random(seed);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    const kept = order[index];
    order[index] = order[other];
    order[other] = kept;
  }
  return order;
}

const accountNumber = (index) => `7${pad(index, 9)}`;
const mpan = (index, point) => `${pad(index, 10)}${point}`;

/** Each file: its header and the rows of account `index`. */
const files = {
  'accounts.csv': {
    header:
      'ACCT_NO,ACCT_STATUS,BILL_ADDR1,BILL_CITY,BILL_STATE,BILL_ZIP,SITE_REF,SITE_ADDR1,SITE_CITY,SITE_STATE,SITE_ZIP,MOVE_IN_DT,PREMISE_TYPE,LEDGER_BAL,LAST_STMT_DT',
    rows: (index) => {
      const street = `${100 + (index % 900)} Main St`;
      const zip = pad(2151 + (index % 500), 5);
      return [
        `${accountNumber(index)},A,${street},Revere,MA,${zip},SITE-${index},${street},Revere,MA,${zip},2024-01-01,SF,-${index % 300}.00,2025-12-01`,
      ];
    },
  },
  'customers.csv': {
    header:
      'ACCT_NO,CUST_SEQ,FIRST_NM,LAST_NM,EMAIL_ADDR,CELL_PH,ALT_PH,BIRTH_DT,OPT_UPD,OPT_OFFERS,OPT_SMS,EXT_USER_ID',
    rows: (index) =>
      [2, 1].map(
        (seq) =>
          `${accountNumber(index)},${seq},${givenNames[(index + seq) % 10]},${familyNames[index % 10]},customer${index}.${seq}@example.com,+1201555${pad((index * 7 + seq) % 10000, 4)},+1617555${pad((index + seq) % 10000, 4)},${day(1950 + (index % 50), (index % 12) + 1, (index % 28) + 1)},Y,${index % 2 === 0 ? 'Y' : 'N'},Y,C${index}-${seq}`,
      ),
  },
  'supply_points.csv': {
    header: 'ACCT_NO,MPAN,SVC_TYPE,OPCO,SUPPLY_START_DT,LAST_BILLED_DT',
    rows: (index) =>
      [0, 1].map(
        (point) => `${accountNumber(index)},${mpan(index, point)},E,MASSACHUSETTS_ELECTRIC,2024-01-01,2025-12-01`,
      ),
  },
  'agreements.csv': {
    header: 'ACCT_NO,MPAN,TARIFF_CD,EFF_FROM,EFF_TO,FIX_VAR',
    rows: (index) => [0, 1].map((point) => `${accountNumber(index)},${mpan(index, point)},R1-VAR,2025-01-01,,VARIABLE`),
  },
  'meters.csv': {
    header: 'ACCT_NO,MPAN,METER_SERIAL,INSTALL_DT,METER_STAT,SVC_CLASS,VOLTAGE,AMPS,PHASE,READ_METHOD,NET_MTR',
    rows: (index) =>
      [0, 1].map(
        (point) =>
          `${accountNumber(index)},${mpan(index, point)},MTR-${index}-${point},2024-01-01T00:00:00Z,on,metered_service_kwh,240,100,Single,AMI,N`,
      ),
  },
  'registers.csv': {
    header: 'ACCT_NO,MPAN,METER_SERIAL,REG_TYPE,DIGITS,MULTIPLIER',
    rows: (index) =>
      [0, 1].map((point) => `${accountNumber(index)},${mpan(index, point)},MTR-${index}-${point},KWH_IMPORT,5,1`),
  },
  'bill_docs.csv': {
    header: 'ACCT_NO,DOC_ID,DOC_TYPE,ISSUE_DT',
    rows: (index) =>
      Array.from({ length: 24 }, (_, doc) => {
        const year = 2024 + Math.floor(doc / 12);
        return `${accountNumber(index)},INV-${index}-${doc},ITEM_BASED,${day(year, (doc % 12) + 1, 1)}`;
      }),
  },
  'transactions.csv': {
    header: 'ACCT_NO,DOC_ID,TXN_ID,POST_SEQ,TXN_TYPE,TXN_REASON,AMOUNT,TXN_DT',
    // Newest first, as legacy ledgers often list them: POST_SEQ puts them back in order.
    rows: (index) =>
      Array.from({ length: 48 }, (_, back) => {
        const seq = 47 - back;
        const doc = Math.floor(seq / 2);
        const year = 2024 + Math.floor(doc / 12);
        const month = (doc % 12) + 1;
        const charge = seq % 2 === 0;
        const amount = charge ? `${(index % 90) + 10}.${pad(doc, 2)}` : `-${(index % 90) + 10}.00`;
        return `${accountNumber(index)},INV-${index}-${doc},${index}-${seq},${seq},${charge ? 'CHARGE' : 'PAYMENT'},DATA_IMPORT_BALANCE_TRANSFER,${amount},${day(year, month, charge ? 1 : 15)}`;
      }),
  },
  'notes.csv': {
    header: 'ACCT_NO,NOTE_DT,NOTE_TEXT,PINNED',
    rows: (index) => [`${accountNumber(index)},2024-06-01T12:00:00Z,"Imported from LEGACY, account ${index}.",N`],
  },
};

/** Writes the export of `count` accounts into `dir`, with its mapping as `dir/export.yaml`. */
export async function writeRelationalExport(dir, count) {
  mkdirSync(dir, { recursive: true });
  let seed = 1;
  for (const [name, file] of Object.entries(files)) {
    const out = createWriteStream(join(dir, name));
    const order = shuffled(count, (seed += 1));
    let buffer = `${file.header}\n`;
    for (const index of order) {
      buffer += `${file.rows(index).join('\n')}\n`;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await once(out, 'close');
  }
  copyFileSync(mappingPath, join(dir, 'export.yaml'));
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  const [dir, count = '1000'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/generate-relational.mjs <out-dir> [count]  (writes a relational export)');
    process.exit(2);
  }
  await writeRelationalExport(dir, Number(count));
}
