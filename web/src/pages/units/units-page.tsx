import { Anchor, Button, Checkbox, Grid, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowsJoin, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useUnitList } from '../../api/organisation.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { UnitDetailPanel } from './unit-detail.tsx';
import { UnitTree } from './unit-tree.tsx';

export default function UnitsPage() {
  const { t } = useI18n();
  const { unitId } = useParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 300);
  const [showInactive, setShowInactive] = useState(false);
  const results = useUnitList(
    { q: query, pageSize: 50, status: showInactive ? 'all' : 'active' },
    query.length > 0,
  );

  const open = (id: string) => {
    navigate(`/units/${id}`);
    requestAnimationFrame(() =>
      document.getElementById('unit-detail-title')?.scrollIntoView({ block: 'nearest' }),
    );
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('units.title')}
        actions={
          <>
            {can(me, 'units.manage') && (
              <Button component={Link} to="/units/new" leftSection={<IconPlus size={16} aria-hidden />}>
                {t('units.create')}
              </Button>
            )}
            {can(me, 'units.reorganise') && (
              <Button
                component={Link}
                to="/units/merge"
                variant="default"
                leftSection={<IconArrowsJoin size={16} aria-hidden />}
              >
                {t('reorg.mergeTitle')}
              </Button>
            )}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="sm" component="section" aria-labelledby="units-tree-title">
            <Stack gap="sm">
              <Title order={2} size="h4" id="units-tree-title">
                {t('units.tree')}
              </Title>
              <TextInput
                type="search"
                label={t('units.search')}
                description={t('units.searchHint')}
                leftSection={<IconSearch size={16} aria-hidden />}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
              />
              <Checkbox
                label={t('units.showInactive')}
                checked={showInactive}
                onChange={(e) => setShowInactive(e.currentTarget.checked)}
              />
              {query ? (
                <section aria-label={t('units.searchResults')} aria-live="polite">
                  {results.error ? (
                    <ErrorAlert error={results.error} />
                  ) : results.isPending ? (
                    <Text size="sm">{t('common.loading')}</Text>
                  ) : results.data.items.length === 0 ? (
                    <Text size="sm">{t('common.noResults')}</Text>
                  ) : (
                    <List spacing={4} size="sm" listStyleType="none">
                      {results.data.items.map((unit) => (
                        <List.Item key={unit.id}>
                          <Anchor
                            component={Link}
                            to={`/units/${unit.id}`}
                            fw={unit.id === unitId ? 700 : undefined}
                            aria-current={unit.id === unitId ? 'page' : undefined}
                          >
                            {unit.name}
                          </Anchor>
                          {unit.status !== 'active' && (
                            <Text component="span" size="xs" c="dimmed">
                              {' '}
                              ({t(`units.status.${unit.status}`)})
                            </Text>
                          )}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </section>
              ) : (
                <UnitTree
                  label={t('units.tree')}
                  selectedId={unitId}
                  includeHistorical={showInactive}
                  onSelect={(node) => open(node.id)}
                />
              )}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" component="section" aria-label={t('common.details')}>
            {unitId ? <UnitDetailPanel id={unitId} /> : <Text c="dimmed">{t('units.select')}</Text>}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
