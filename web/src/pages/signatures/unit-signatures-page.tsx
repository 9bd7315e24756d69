import { Stack } from '@mantine/core';
import { useMe } from '../../auth/use-me.ts';
import { Loading } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { CredentialsSection, SealImageSection, SignaturesNav } from './parts.tsx';
import { useSigI18n } from './signatures-i18n.ts';

/**
 * "Chữ ký số của cơ quan" of the active unit: its agency certificates (the registry signs with them
 * at issue) and its seal image at the real diameter. Switching the unit switches what is shown.
 */
export default function UnitSignaturesPage() {
  const { st } = useSigI18n();
  const unit = useMe().data?.activeUnit;
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader
        title={st('sig.unit.title')}
        description={unit ? st('sig.unit.description', { unit: unit.name }) : undefined}
      />
      <SignaturesNav />
      {unit ? (
        <>
          <CredentialsSection
            key={`c-${unit.id}`}
            owner={{ unitId: unit.id }}
            title={st('sig.cred.unitTitle')}
          />
          <SealImageSection key={`s-${unit.id}`} unitId={unit.id} />
        </>
      ) : (
        <Loading />
      )}
    </Stack>
  );
}
