import { Center, type CenterProps, Loader, VisuallyHidden } from '@mantine/core';
import { useI18n } from '../i18n/i18n.tsx';

/** A spinner announced as "Đang tải…" (the Loader element itself cannot carry a name). */
export function Loading(props: CenterProps) {
  const { t } = useI18n();
  return (
    <Center role="status" {...props}>
      <Loader aria-hidden />
      <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
    </Center>
  );
}
