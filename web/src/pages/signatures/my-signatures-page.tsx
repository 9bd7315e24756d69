import { Stack } from '@mantine/core';
import { PageHeader } from '../../components/page-header.tsx';
import { CredentialsSection, MySignatureImageSection, SignaturesNav } from './parts.tsx';
import { useSigI18n } from './signatures-i18n.ts';

/** "Chữ ký số của tôi": my certificates (add a .p12, change its PIN, disable) and my signature image. */
export default function MySignaturesPage() {
  const { st } = useSigI18n();
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={st('sig.mine.title')} description={st('sig.mine.description')} />
      <SignaturesNav />
      <CredentialsSection owner="mine" title={st('sig.cred.mineTitle')} />
      <MySignatureImageSection />
    </Stack>
  );
}
