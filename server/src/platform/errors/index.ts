export type { ErrorCode, LocalisedText, ValidationIssue } from './app-error.ts';
export { AppError, badRequest, conflict, errorCodes, notFound, statusOf } from './app-error.ts';
export { registerErrorHandler } from './error-handler.ts';
export { defaultMessages } from './messages.ts';
