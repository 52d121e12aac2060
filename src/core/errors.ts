// Typed errors thrown below the process boundary; src/main.ts maps each to an exit code.

/** Exit codes promised by the command-line contract. */
export const ExitCode = {
  ok: 0,
  recordsFailed: 1,
  usage: 2,
  apiUnusable: 3,
  interrupted: 130,
} as const;

/** A bad flag, file, config or input detected before anything was sent (exit 2). */
export class UsageError extends Error {
  readonly code = 'usage_error';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The API cannot be used at all: credentials refused or the host unreachable (exit 3). */
export class ApiUnusableError extends Error {
  readonly code = 'api_unusable';
  constructor(message: string) {
    super(message);
    this.name = 'ApiUnusableError';
  }
}

/** The run was stopped by SIGINT or SIGTERM after its report was completed (exit 130). */
export class InterruptedError extends Error {
  readonly code = 'interrupted';
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'InterruptedError';
  }
}

/** Returns the exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof ApiUnusableError) return ExitCode.apiUnusable;
  if (error instanceof InterruptedError) return ExitCode.interrupted;
  return ExitCode.usage;
}
