import { z } from 'zod';
import { permissions } from './permissions.ts';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(500),
});

export const unitRefSchema = z.object({ id: z.uuid(), name: z.string(), shortName: z.string().nullable() });

export const meSchema = z.object({
  staff: z.object({
    id: z.uuid(),
    username: z.string(),
    fullName: z.string(),
    position: z.string().nullable(),
    email: z.string().nullable(),
  }),
  activeUnit: unitRefSchema,
  /** Units where the person holds roles; the unit switcher chooses among them. */
  units: z.array(unitRefSchema),
  roles: z.array(z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() })),
  permissions: z.array(z.enum(permissions)),
  mfa: z.object({
    satisfied: z.boolean(),
    requiredByRole: z.boolean(),
    totpEnabled: z.boolean(),
    passkeys: z.number().int(),
  }),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.object({
  /** 'none': signed in; 'verify': present TOTP, passkey or recovery code; 'enrol': a role requires 2FA. */
  mfa: z.enum(['none', 'verify', 'enrol']),
  csrfToken: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Passwords
// ---------------------------------------------------------------------------------------------

export const PASSWORD_MIN_LENGTH = 10;

/** A new password: at least 10 characters (argon2id-hashed on the server). */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, 'Mật khẩu mới cần ít nhất 10 ký tự (at least 10 characters)')
  .max(200, 'Mật khẩu tối đa 200 ký tự (at most 200 characters)');

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: newPasswordSchema,
});

export const passwordResetRequestSchema = z.object({ email: z.email().max(320) });

export const passwordResetConfirmSchema = z.object({
  token: z.string().min(20).max(200),
  newPassword: newPasswordSchema,
});

// ---------------------------------------------------------------------------------------------
// Two-factor: TOTP and recovery codes
// ---------------------------------------------------------------------------------------------

export const totpCodeRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Mã xác thực gồm 6 chữ số (a 6-digit code)'),
});

export const totpSetupResponseSchema = z.object({
  /** Base32 secret, for typing into an authenticator app by hand. */
  secret: z.string(),
  /** otpauth://totp/... URI (what the QR code encodes). */
  uri: z.string(),
  /** PNG QR code as a data: URL. */
  qrCode: z.string(),
});

/** Shown once, when two-factor sign-in is enabled or the codes are regenerated. */
export const recoveryCodesResponseSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const recoveryCodeRequestSchema = z.object({ code: z.string().trim().min(8).max(40) });

/** Answer to a successful second factor: the session is now fully signed in. */
export const mfaVerifiedResponseSchema = z.object({
  mfa: z.literal('none'),
  csrfToken: z.string(),
  /** After a recovery code: how many unused codes remain. */
  remainingRecoveryCodes: z.number().int().optional(),
});

// ---------------------------------------------------------------------------------------------
// Passkeys (WebAuthn). Options and responses are the JSON of @simplewebauthn/browser v14.
// ---------------------------------------------------------------------------------------------

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'base64url');

const credentialDescriptorSchema = z.object({
  id: base64url,
  type: z.string(),
  transports: z.array(z.string()).optional(),
});
const userVerificationSchema = z.enum(['required', 'preferred', 'discouraged']);

/** PublicKeyCredentialCreationOptionsJSON (what startRegistration({ optionsJSON }) takes). */
export const passkeyCreationOptionsSchema = z.object({
  challenge: base64url,
  rp: z.object({ name: z.string(), id: z.string().optional() }),
  user: z.object({ id: base64url, name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.string() })),
  timeout: z.number().optional(),
  excludeCredentials: z.array(credentialDescriptorSchema).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.string().optional(),
      requireResidentKey: z.boolean().optional(),
      residentKey: z.string().optional(),
      userVerification: userVerificationSchema.optional(),
    })
    .optional(),
  hints: z.array(z.string()).optional(),
  attestation: z.string().optional(),
  attestationFormats: z.array(z.string()).optional(),
  extensions: z.unknown().optional(),
});

/** PublicKeyCredentialRequestOptionsJSON (what startAuthentication({ optionsJSON }) takes). */
export const passkeyRequestOptionsSchema = z.object({
  challenge: base64url,
  timeout: z.number().optional(),
  rpId: z.string().optional(),
  allowCredentials: z.array(credentialDescriptorSchema).optional(),
  userVerification: userVerificationSchema.optional(),
  hints: z.array(z.string()).optional(),
  extensions: z.unknown().optional(),
});

/** RegistrationResponseJSON (what startRegistration() resolves to). */
export const passkeyRegistrationResponseSchema = z.looseObject({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string()).optional(),
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.string().optional(),
});

/** AuthenticationResponseJSON (what startAuthentication() resolves to). */
export const passkeyAuthenticationResponseSchema = z.looseObject({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.string().optional(),
});

/** A challenge handed out by the server; `flowId` names it when the response comes back. */
export const passkeyRegistrationOptionsResponseSchema = z.object({
  flowId: z.string(),
  options: passkeyCreationOptionsSchema,
});
export const passkeyAuthenticationOptionsResponseSchema = z.object({
  flowId: z.string(),
  options: passkeyRequestOptionsSchema,
});

export const passkeyRegistrationRequestSchema = z.object({
  flowId: z.string().min(1).max(100),
  response: passkeyRegistrationResponseSchema,
  name: z.string().trim().min(1).max(100).optional(),
});

export const passkeyAuthenticationRequestSchema = z.object({
  flowId: z.string().min(1).max(100),
  response: passkeyAuthenticationResponseSchema,
});

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  deviceType: z.string().nullable(),
  backedUp: z.boolean(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;

export const renamePasskeyRequestSchema = z.object({
  name: z.string().trim().min(1, 'Tên khóa truy cập không được trống (name required)').max(100),
});

// ---------------------------------------------------------------------------------------------
// Sign-in providers (what the login page offers)
// ---------------------------------------------------------------------------------------------

export const authProvidersSchema = z.object({
  password: z.boolean(),
  passkey: z.boolean(),
  /** Single sign-on through OpenID Connect, when configured: the button label and where it goes. */
  oidc: z.object({ label: z.string(), startUrl: z.string() }).nullable(),
});

/** Values of `sso_error` on /app/login after a failed single sign-on. */
export const ssoErrors = [
  'not_linked',
  'email_not_verified',
  'disabled',
  'cancelled',
  'expired',
  'failed',
] as const;
export type SsoError = (typeof ssoErrors)[number];

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

export const sessionSchema = z.object({
  id: z.string(),
  authMethod: z.enum(['password', 'passkey', 'oidc']),
  mfaVerified: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session making this request. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;

export const sessionIdParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) });

// ---------------------------------------------------------------------------------------------
// API tokens for integrations
// ---------------------------------------------------------------------------------------------

export const createApiTokenRequestSchema = z.object({
  name: z.string().trim().min(1, 'Cần đặt tên cho mã truy cập (name required)').max(100),
  unitId: z.uuid(),
  permissions: z.array(z.enum(permissions)).min(1, 'Chọn ít nhất một quyền (choose a permission)'),
  /** At most one year ahead. */
  expiresAt: z.iso.datetime({ offset: true }),
});

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the token, to recognise it; the token itself is shown only once. */
  prefix: z.string(),
  unit: unitRefSchema,
  permissions: z.array(z.string()),
  createdBy: z.object({ id: z.uuid(), fullName: z.string() }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createdApiTokenSchema = apiTokenSchema.extend({
  /** `Authorization: Bearer <token>`; shown once, only its SHA-256 is stored. */
  token: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Roles and assignments
// ---------------------------------------------------------------------------------------------

export const roleSchema = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.string()),
  requiresMfa: z.boolean(),
  isSystem: z.boolean(),
  assignmentCount: z.number().int(),
});
export type Role = z.infer<typeof roleSchema>;

export const ROLE_ID_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

export const createRoleRequestSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(
      ROLE_ID_PATTERN,
      'Mã vai trò 2–40 ký tự: chữ thường không dấu, số, gạch dưới (lower-case letters, digits, _)',
    ),
  nameVi: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  permissions: z.array(z.enum(permissions)),
  requiresMfa: z.boolean().default(false),
});

export const updateRoleRequestSchema = z
  .object({
    nameVi: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(100),
    permissions: z.array(z.enum(permissions)),
    requiresMfa: z.boolean(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'Không có thay đổi nào (nothing to change)');

export const roleIdParamsSchema = z.object({ id: z.string().min(1).max(40) });

export const roleAssignmentSchema = z.object({
  id: z.uuid(),
  role: z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() }),
  unit: unitRefSchema,
  createdAt: z.iso.datetime(),
});
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

export const assignRoleRequestSchema = z.object({ roleId: z.string().min(1).max(40), unitId: z.uuid() });

/** Turning the authenticator app off: a current code, or a recovery code when the phone is lost. */
export const disableTotpRequestSchema = z
  .object({
    code: totpCodeRequestSchema.shape.code.optional(),
    recoveryCode: recoveryCodeRequestSchema.shape.code.optional(),
  })
  .refine((value) => Boolean(value.code) !== Boolean(value.recoveryCode), {
    message: 'Nhập mã 6 số hoặc một mã khôi phục (a 6-digit code or a recovery code)',
  });
