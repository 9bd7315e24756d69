import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../components/page-header.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Stack>
      <PageHeader title={t('error.notFoundTitle')} />
      <Text>{t('error.notFoundBody')}</Text>
      <Button component={Link} to="/" w="fit-content">
        {t('error.goHome')}
      </Button>
    </Stack>
  );
}
