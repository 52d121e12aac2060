// The default of every remote-command setting, read by the help text and the code alike.
import { defaultRetryPolicy } from '../api/retry-policy.js';

/** What a remote command uses when neither a flag, the environment nor the config file says otherwise. */
export const remoteDefaults = {
  /** Requests in flight at most. */
  concurrency: 8,
  /** Attempts per request, the first included. */
  maxAttempts: defaultRetryPolicy.maxAttempts,
  /** Seconds to wait for one import before giving up on it. */
  waitTimeoutSeconds: 600,
  /** The push report when --report is not given. */
  reportPath: 'kraken-import-report.ndjson',
  /** Seconds between polls of `status --watch`. */
  statusIntervalSeconds: 2,
  /** Seconds every request may keep failing before the run stops (exit 3). */
  maxOutageSeconds: 180,
  /** Bytes one record (an NDJSON line, a CSV row) may take before it is an error of its own. */
  maxRecordBytes: 16 * 1024 * 1024,
  auth: 'token',
  payloadWrapper: 'wrapped',
} as const;
