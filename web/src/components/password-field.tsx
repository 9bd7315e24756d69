import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useI18n } from '../i18n/i18n.tsx';

/** Mantine's PasswordInput with the show/hide toggle named in the user's language. */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useI18n();
  return (
    <PasswordInput {...props} visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }} />
  );
}
