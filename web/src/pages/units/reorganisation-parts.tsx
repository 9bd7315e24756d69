import { Alert, List, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { ReorganisationPreview } from '@mts/contracts';
import { DateField } from '../../components/date-field.tsx';
import { fieldError } from '../../components/error-state.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export interface Decision {
  effectiveDate: string;
  decisionRef: string;
  note: string;
}

export const emptyDecision = (today: string): Decision => ({
  effectiveDate: today,
  decisionRef: '',
  note: '',
});

export function decisionMissing(decision: Decision) {
  return { effectiveDate: !decision.effectiveDate, decisionRef: !decision.decisionRef.trim() };
}

export function decisionBody(decision: Decision) {
  return {
    effectiveDate: decision.effectiveDate,
    decisionRef: decision.decisionRef.trim(),
    note: decision.note.trim() || null,
  };
}

/** Effective date, decision number and note: every reorganisation carries them. */
export function DecisionFields({
  value,
  onChange,
  checked,
  error,
}: {
  value: Decision;
  onChange: (value: Decision) => void;
  checked: boolean;
  error: unknown;
}) {
  const { t } = useI18n();
  const missing = decisionMissing(value);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <DateField
          label={t('reorg.effectiveDate')}
          required
          value={value.effectiveDate}
          onChange={(effectiveDate) => onChange({ ...value, effectiveDate })}
          error={
            checked && missing.effectiveDate ? t('common.dateInvalid') : fieldError(error, 'effectiveDate')
          }
        />
        <TextInput
          label={t('reorg.decisionRef')}
          description={t('reorg.decisionHint')}
          required
          value={value.decisionRef}
          onChange={(e) => onChange({ ...value, decisionRef: e.currentTarget.value })}
          error={checked && missing.decisionRef ? t('common.required') : fieldError(error, 'decisionRef')}
        />
      </SimpleGrid>
      <Textarea
        label={t('reorg.note')}
        autosize
        minRows={2}
        value={value.note}
        onChange={(e) => onChange({ ...value, note: e.currentTarget.value })}
        error={fieldError(error, 'note')}
      />
    </Stack>
  );
}

/** What a reorganisation will change, before anything is written. */
export function PreviewView({
  preview,
  headingOrder = 2,
}: {
  preview: ReorganisationPreview;
  headingOrder?: 2 | 3;
}) {
  const { t, pick } = useI18n();
  const sub = (headingOrder + 1) as 3 | 4;
  const counts: [string, number][] = [
    ['unitsRepositioned', preview.counts.unitsRepositioned],
    ['staffMoved', preview.counts.staffMoved],
    ['staffAffected', preview.counts.staffAffected],
    ['childrenBefore', preview.counts.childrenBefore],
    ['childrenAfter', preview.counts.childrenAfter],
  ];
  return (
    <Stack gap="md" data-testid="reorganisation-preview">
      <Title order={headingOrder} size="h4">
        {t('reorg.preview')}
      </Title>
      <Alert color="blue" variant="light">
        {t('reorg.previewIntro')}
      </Alert>
      <Text size="sm">
        {t(`units.event.${preview.kind}`)} — {formatDate(preview.effectiveDate)} — {preview.decisionRef}
      </Text>
      {preview.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title={t('reorg.warnings')}>
          <List size="sm">
            {preview.warnings.map((warning) => (
              <List.Item key={warning.en}>{pick(warning.vi, warning.en)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.created.length > 0 && (
        <section>
          <Title order={sub} size="h5" mb={4}>
            {t('reorg.preview.created')}
          </Title>
          <List size="sm">
            {preview.created.map((unit) => (
              <List.Item key={unit.name}>
                {unit.name} — {t('reorg.newParent')}: {unit.parentName}
                {unit.code ? ` (${unit.code})` : ''}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      {preview.retired.length > 0 && (
        <section>
          <Title order={sub} size="h5" mb={4}>
            {t('reorg.preview.retired')}
          </Title>
          <List size="sm">
            {preview.retired.map(({ unit, newStatus }) => (
              <List.Item key={unit.id}>
                {unit.name} → {t(`units.status.${newStatus}`)}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      {preview.renamed.length > 0 && (
        <section>
          <Title order={sub} size="h5" mb={4}>
            {t('reorg.preview.renamed')}
          </Title>
          <List size="sm">
            {preview.renamed.map(({ unit, newName }) => (
              <List.Item key={unit.id}>
                {unit.name} → {newName}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      {preview.moved.length > 0 && (
        <section>
          <Title order={sub} size="h5" mb={4}>
            {t('reorg.preview.moved')}
          </Title>
          <List size="sm">
            {preview.moved.map((move) => (
              <List.Item key={move.unit.id}>
                {move.unit.name}: {move.fromParent?.name ?? '—'} → {move.toParentName}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      {preview.successions.length > 0 && (
        <section>
          <Title order={sub} size="h5" mb={4}>
            {t('units.successors')}
          </Title>
          <List size="sm">
            {preview.successions.map((link) => (
              <List.Item key={`${link.predecessor}→${link.successor}`}>
                {link.predecessor} → {link.successor}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      <section>
        <Title order={sub} size="h5" mb={4}>
          {t('reorg.affected')}
        </Title>
        <Table withTableBorder w="auto">
          <caption className="sr-only">{t('reorg.affected')}</caption>
          <Table.Tbody>
            {counts.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row" fw={500}>
                  {t(`reorg.count.${key}` as 'reorg.count.staffMoved')}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </Stack>
  );
}
