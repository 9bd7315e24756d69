import { AppError } from '../../../platform/errors/index.ts';

/** The signer refused the request on the phone (or in the provider's app). */
export class RemoteSigningRefusedError extends AppError {
  constructor(providerName: string, reason?: string) {
    super('CONFLICT', {
      message: {
        vi: `Người ký đã từ chối yêu cầu ký số trên điện thoại (${providerName}).${reason ? ` Lý do: ${reason}` : ''}`,
        en: `The signer refused the signing request on the phone (${providerName}).${reason ? ` Reason: ${reason}` : ''}`,
      },
      details: { reason: 'REMOTE_SIGNING_REFUSED', provider: providerName, refusal: reason },
    });
  }
}

/** Nobody approved the request before its countdown ran out. */
export class RemoteSigningExpiredError extends AppError {
  constructor(providerName: string, expiresAt?: Date) {
    super('CONFLICT', {
      message: {
        vi: `Yêu cầu ký số đã hết thời gian chờ xác nhận trên điện thoại (${providerName}). Vui lòng gửi lại yêu cầu ký.`,
        en: `The signing request expired before it was approved on the phone (${providerName}). Send the request again.`,
      },
      details: {
        reason: 'REMOTE_SIGNING_EXPIRED',
        provider: providerName,
        expiresAt: expiresAt?.toISOString(),
      },
    });
  }
}

/** The provider could not be reached, or did not answer within the configured time. */
export class RemoteProviderUnreachableError extends AppError {
  constructor(providerName: string, kind: 'UNREACHABLE' | 'TIMEOUT', cause?: string) {
    super('SERVICE_UNAVAILABLE', {
      message:
        kind === 'TIMEOUT'
          ? {
              vi: `Dịch vụ ký số từ xa (${providerName}) không phản hồi kịp thời. Vui lòng thử lại sau.`,
              en: `The remote signing service (${providerName}) did not answer in time. Try again later.`,
            }
          : {
              vi: `Không kết nối được dịch vụ ký số từ xa (${providerName}). Vui lòng thử lại sau.`,
              en: `The remote signing service (${providerName}) cannot be reached. Try again later.`,
            },
      details: {
        reason: kind === 'TIMEOUT' ? 'PROVIDER_TIMEOUT' : 'PROVIDER_UNREACHABLE',
        provider: providerName,
        cause,
      },
    });
  }
}

/** The provider answered with an error of its own; its message is passed on. */
export class RemoteProviderError extends AppError {
  constructor(providerName: string, error: string, description?: string, status?: number) {
    const said = description ?? error;
    super('SERVICE_UNAVAILABLE', {
      message: {
        vi: `Dịch vụ ký số từ xa (${providerName}) báo lỗi: ${said}`,
        en: `The remote signing service (${providerName}) reported an error: ${said}`,
      },
      details: { reason: 'PROVIDER_ERROR', provider: providerName, error, description, status },
    });
  }
}

/** The account has no credential (certificate + key) with this id. */
export class RemoteCredentialNotFoundError extends AppError {
  constructor(providerName: string, credentialId: string) {
    super('NOT_FOUND', {
      message: {
        vi: `Không tìm thấy chứng thư số "${credentialId}" trên dịch vụ ký số từ xa (${providerName}).`,
        en: `No certificate "${credentialId}" was found on the remote signing service (${providerName}).`,
      },
      details: { reason: 'REMOTE_CREDENTIAL_NOT_FOUND', provider: providerName, credentialId },
    });
  }
}

/** The credential exists but its key is disabled (suspended by the provider or the owner). */
export class RemoteCredentialDisabledError extends AppError {
  constructor(providerName: string, credentialId: string) {
    super('BAD_REQUEST', {
      message: {
        vi: `Chứng thư số "${credentialId}" trên dịch vụ ký số từ xa (${providerName}) đang bị khóa, không dùng để ký được.`,
        en: `The certificate "${credentialId}" on the remote signing service (${providerName}) is disabled and cannot sign.`,
      },
      details: { reason: 'REMOTE_CREDENTIAL_DISABLED', provider: providerName, credentialId },
    });
  }
}

/** The provider refused the account's login (wrong user name or password, revoked token). */
export class RemoteAccountRejectedError extends AppError {
  constructor(providerName: string, description?: string) {
    super('BAD_REQUEST', {
      message: {
        vi: `Dịch vụ ký số từ xa (${providerName}) không chấp nhận tài khoản đăng nhập. Kiểm tra lại tên đăng nhập và mật khẩu.`,
        en: `The remote signing service (${providerName}) rejected the account. Check the user name and password.`,
      },
      details: { reason: 'REMOTE_ACCOUNT_REJECTED', provider: providerName, description },
    });
  }
}
