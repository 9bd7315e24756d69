import { PasswordInput, Stack } from '@mantine/core';
import { useI18n } from '../i18n/i18n.tsx';

export const MIN_PASSWORD_LENGTH = 10;

export interface NewPassword {
  password: string;
  confirm: string;
}

/** Client-side checks before sending; the server has the last word. */
export function newPasswordErrors(value: NewPassword, t: ReturnType<typeof useI18n>['t']) {
  return {
    password:
      value.password.length < MIN_PASSWORD_LENGTH
        ? t('reset.tooShort', { min: MIN_PASSWORD_LENGTH })
        : undefined,
    confirm: value.confirm !== value.password ? t('reset.mismatch') : undefined,
  };
}

export function NewPasswordFields({
  value,
  onChange,
  errors,
}: {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  errors: { password?: string; confirm?: string };
}) {
  const { t } = useI18n();
  return (
    <Stack gap="sm">
      <PasswordInput
        label={t('reset.newPassword')}
        description={t('reset.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        autoComplete="new-password"
        required
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.currentTarget.value })}
        error={errors.password}
      />
      <PasswordInput
        label={t('reset.confirmPassword')}
        autoComplete="new-password"
        required
        value={value.confirm}
        onChange={(e) => onChange({ ...value, confirm: e.currentTarget.value })}
        error={errors.confirm}
      />
    </Stack>
  );
}
