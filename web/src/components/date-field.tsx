import { TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import { formatDate, parseDateInput } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A date typed as dd/mm/yyyy whatever the browser's locale (the native date input shows the
 * operating system's format). `value` and `onChange` speak ISO yyyy-mm-dd, '' when empty.
 */
export function DateField({
  value,
  onChange,
  error,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (iso: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(formatDate(value));
  const [invalid, setInvalid] = useState(false);
  // Follow a value set from outside (a loaded record), not the person's own typing.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    if (value && parseDateInput(text) !== value) setText(formatDate(value));
  }
  return (
    <TextInput
      {...props}
      inputMode="numeric"
      autoComplete="off"
      placeholder={t('common.dateFormat')}
      description={props.description ?? t('common.dateFormat')}
      value={text}
      error={error ?? (invalid ? t('common.dateInvalid') : undefined)}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        const iso = parseDateInput(next);
        setInvalid(false);
        onChange(iso ?? '');
      }}
      onBlur={() => setInvalid(text.trim() !== '' && parseDateInput(text) === null)}
    />
  );
}
