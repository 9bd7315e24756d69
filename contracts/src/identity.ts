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
