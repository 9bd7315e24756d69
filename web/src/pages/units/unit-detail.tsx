import { Anchor, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { UnitDetail, UnitLink } from '@mts/contracts';
import {
  IconArrowsJoin,
  IconArrowsSplit,
  IconEdit,
  IconPencil,
  IconPlus,
  IconTransfer,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useUnit } from '../../api/organisation.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PageFallback } from '../../layout/app-layout.tsx';
import { tones } from '../../tones.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children || '—'}
      </Text>
    </div>
  );
}

function UnitAnchor({ unit }: { unit: UnitLink }) {
  const { t } = useI18n();
  return (
    <Anchor component={Link} to={`/units/${unit.id}`} size="sm">
      {unit.name}
      {unit.status !== 'active' ? ` (${t(`units.status.${unit.status}`)})` : ''}
    </Anchor>
  );
}

export function UnitDetailPanel({ id }: { id: string }) {
  const unit = useUnit(id);
  if (unit.isPending) return <PageFallback />;
  if (unit.error) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  return <UnitDetailView unit={unit.data} />;
}

function UnitDetailView({ unit }: { unit: UnitDetail }) {
  const { t, pick } = useI18n();
  const me = useMe().data;
  const canManage = can(me, 'units.manage');
  const canReorganise = can(me, 'units.reorganise') && unit.status === 'active';
  return (
    <Stack gap="md" data-testid="unit-detail">
      <Stack gap={6}>
        <Title order={2} size="h3" id="unit-detail-title">
          {unit.name}
        </Title>
        <Group gap="xs">
          <Badge color="front.8">{t(`units.kind.${unit.kind}`)}</Badge>
          <Badge color="dark">{pick(unit.level.nameVi, unit.level.nameEn)}</Badge>
          <Badge color={unit.status === 'active' ? tones.success : 'gray.8'}>
            {t(`units.status.${unit.status}`)}
          </Badge>
        </Group>
        {unit.parent && (
          <Text size="sm">
            {t('units.parent')}: <UnitAnchor unit={unit.parent} />
          </Text>
        )}
      </Stack>

      {(canManage || canReorganise) && (
        <Group gap="xs" aria-label={t('common.actions')} role="group">
          {canManage && (
            <Button
              component={Link}
              to={`/units/${unit.id}/edit`}
              size="xs"
              variant="default"
              leftSection={<IconEdit size={16} aria-hidden />}
            >
              {t('units.edit')}
            </Button>
          )}
          {canManage && unit.status === 'active' && (
            <Button
              component={Link}
              to={`/units/new?parentId=${unit.id}`}
              size="xs"
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              {t('units.createChild')}
            </Button>
          )}
          {canReorganise && (
            <>
              <Button
                component={Link}
                to={`/units/${unit.id}/rename`}
                size="xs"
                variant="default"
                leftSection={<IconPencil size={16} aria-hidden />}
              >
                {t('units.rename')}
              </Button>
              <Button
                component={Link}
                to={`/units/${unit.id}/move`}
                size="xs"
                variant="default"
                leftSection={<IconTransfer size={16} aria-hidden />}
              >
                {t('units.move')}
              </Button>
              <Button
                component={Link}
                to={`/units/${unit.id}/split`}
                size="xs"
                variant="default"
                leftSection={<IconArrowsSplit size={16} aria-hidden />}
              >
                {t('units.split')}
              </Button>
              <Button
                component={Link}
                to={`/units/merge?unit=${unit.id}`}
                size="xs"
                variant="default"
                leftSection={<IconArrowsJoin size={16} aria-hidden />}
              >
                {t('units.merge')}
              </Button>
            </>
          )}
        </Group>
      )}

      <Paper withBorder p="sm" component="section" aria-labelledby="unit-contacts">
        <Title order={3} size="h5" id="unit-contacts" mb="xs">
          {t('units.contacts')}
        </Title>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing="xs" m={0}>
          <Field label={t('units.code')}>{unit.code}</Field>
          <Field label={t('units.symbol')}>{unit.symbol}</Field>
          <Field label={t('units.shortName')}>{unit.shortName}</Field>
          <Field label={t('units.effectiveFrom')}>{formatDate(unit.effectiveFrom)}</Field>
          {unit.effectiveTo && <Field label={t('units.effectiveTo')}>{formatDate(unit.effectiveTo)}</Field>}
          <Field label={t('units.address')}>{unit.address}</Field>
          <Field label={t('units.phone')}>
            {unit.phone && <Anchor href={`tel:${unit.phone.replace(/[^+\d]/g, '')}`}>{unit.phone}</Anchor>}
          </Field>
          <Field label={t('units.email')}>
            {unit.email && <Anchor href={`mailto:${unit.email}`}>{unit.email}</Anchor>}
          </Field>
          <Field label={t('units.website')}>
            {unit.website && (
              <Anchor href={unit.website} target="_blank" rel="noreferrer">
                {unit.website}
              </Anchor>
            )}
          </Field>
          <Field label={t('units.staffCount')}>{`${unit.counts.staff} / ${unit.counts.subtreeStaff}`}</Field>
        </SimpleGrid>
      </Paper>

      {unit.formerNames.length > 0 && (
        <section aria-labelledby="unit-former">
          <Title order={3} size="h5" id="unit-former" mb="xs">
            {t('units.formerNames')}
          </Title>
          <List size="sm" spacing={4}>
            {unit.formerNames.map((former) => (
              <List.Item key={`${former.name}-${former.validFrom}`}>
                {former.name} —{' '}
                {t('units.formerNameRange', {
                  from: formatDate(former.validFrom),
                  to: formatDate(former.validTo),
                })}
                {former.decisionRef ? ` (${former.decisionRef})` : ''}
              </List.Item>
            ))}
          </List>
        </section>
      )}

      <SuccessionList title={t('units.predecessors')} id="unit-predecessors" links={unit.predecessors} />

      <SuccessionList title={t('units.successors')} id="unit-successors" links={unit.successors} />

      {unit.events.length > 0 && (
        <section aria-labelledby="unit-history">
          <Title order={3} size="h5" id="unit-history" mb="xs">
            {t('units.history')}
          </Title>
          <List size="sm" spacing={4}>
            {unit.events.map((event) => (
              <List.Item key={event.id}>
                {formatDate(event.effectiveDate)} — {t(`units.event.${event.kind}`)}
                {event.decisionRef ? ` (${event.decisionRef})` : ''}
                {event.note ? `: ${event.note}` : ''}
              </List.Item>
            ))}
          </List>
        </section>
      )}
    </Stack>
  );
}

type SuccessionLink = UnitDetail['predecessors'][number];

/** Predecessors or successors of a unit, each with the reorganisation that linked them. */
function SuccessionList({ title, id, links }: { title: string; id: string; links: SuccessionLink[] }) {
  const { t } = useI18n();
  if (links.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs">
        {title}
      </Title>
      <List size="sm" spacing={4}>
        {links.map(({ unit: other, event }) => (
          <List.Item key={`${other.id}-${event.id}`}>
            <UnitAnchor unit={other} /> — {t(`units.event.${event.kind}`)} {formatDate(event.effectiveDate)}
            {event.decisionRef ? ` (${event.decisionRef})` : ''}
          </List.Item>
        ))}
      </List>
    </section>
  );
}
