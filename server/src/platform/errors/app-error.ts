/** Every error code the API can answer with; the status follows from the code alone. */
export const errorCodes = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'MFA_REQUIRED',
  'MFA_INVALID',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'FORBIDDEN',
  'CSRF_INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'BAD_REQUEST':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
    case 'MFA_REQUIRED':
    case 'MFA_INVALID':
      return 401;
    case 'FORBIDDEN':
    case 'CSRF_INVALID':
    case 'ACCOUNT_DISABLED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'ACCOUNT_LOCKED':
      return 423;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
  }
}

export interface LocalisedText {
  vi: string;
  en: string;
}

export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * The one error type services throw. `message` overrides the code's default text when the
 * situation needs a more precise sentence (always both languages: users read Vietnamese first).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly text?: LocalisedText;
  readonly issues?: ValidationIssue[];
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    options: { message?: LocalisedText; issues?: ValidationIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(options.message?.en ?? code);
    this.code = code;
    this.text = options.message;
    this.issues = options.issues;
    this.details = options.details;
  }

  get status(): number {
    return statusOf(this.code);
  }
}

export const notFound = (what?: LocalisedText) => new AppError('NOT_FOUND', { message: what });
export const conflict = (message: LocalisedText, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', { message, details });
export const badRequest = (message: LocalisedText, issues?: ValidationIssue[]) =>
  new AppError('BAD_REQUEST', { message, issues });
