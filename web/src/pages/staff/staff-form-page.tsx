import { PageHeader } from '../../components/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export default function StubPage() {
  const { t } = useI18n();
  return <PageHeader title={t('common.loading')} />;
}
