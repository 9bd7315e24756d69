import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { DocumentSearchHit } from '@mts/contracts';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useDocumentRegisters, useDocumentSearch, useDocumentTypes } from '../../../api/documents.ts';
import { useMe } from '../../../auth/use-me.ts';
import { DateField } from '../../../components/date-field.tsx';
import { ErrorAlert } from '../../../components/error-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { UnitPicker } from '../../../components/unit-picker.tsx';
import { formatDate } from '../../../i18n/format.ts';
import { type DocKey, useDocI18n } from '../doc-i18n.ts';
import {
  DocumentsNav,
  PrevNextPager,
  PriorityBadge,
  SecrecyBadge,
  StatusBadge,
  useUrlState,
} from '../parts.tsx';
import { incomingStatuses, outgoingStatuses } from '../statuses.ts';
import { Highlighted } from './highlight.tsx';

const PAGE_SIZE = 20;
/** The URL's search parameters that are filters (everything but the words and the page). */
const FILTERS = ['direction', 'typeId', 'unitId', 'status', 'registerId', 'issuedFrom', 'issuedTo'] as const;

/**
 * Search of official documents: one box for words or a number and symbol, filters, highlighted
 * results in pages. Everything lives in the URL, so a search can be shared and the back button works.
 */
export default function SearchPage() {
  const { dt, t } = useDocI18n();
  const me = useMe().data;
  const { params, setParams, setParam } = useUrlState();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const started = q !== '' || FILTERS.some((key) => filters[key] !== '');
  const catalogueUnit = filters.unitId || me?.activeUnit.id;
  const types = useDocumentTypes(catalogueUnit);
  const registers = useDocumentRegisters(catalogueUnit);
  const search = useDocumentSearch(
    {
      q: q || undefined,
      direction: (filters.direction || undefined) as 'incoming' | 'outgoing' | undefined,
      typeId: filters.typeId || undefined,
      unitId: filters.unitId || undefined,
      status: filters.status || undefined,
      registerId: filters.registerId || undefined,
      issuedFrom: filters.issuedFrom || undefined,
      issuedTo: filters.issuedTo || undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    },
    started,
  );

  const statuses =
    filters.direction === 'incoming'
      ? incomingStatuses
      : filters.direction === 'outgoing'
        ? outgoingStatuses
        : [...new Set([...incomingStatuses, ...outgoingStatuses])];
  const items = search.data?.items ?? [];
  const from = (page - 1) * PAGE_SIZE + 1;

  return (
    <Stack gap="md">
      <PageHeader title={dt('doc.search')} />
      <DocumentsNav />
      <Paper
        withBorder
        p="sm"
        component="form"
        role="search"
        aria-label={dt('doc.search')}
        onSubmit={(event) => {
          event.preventDefault();
          setParam('q', typed.trim());
        }}
      >
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            type="search"
            label={dt('doc.search.box')}
            description={dt('doc.search.hint')}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            maxLength={200}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />}>
            {dt('doc.search.submit')}
          </Button>
        </Group>
        <SimpleGrid
          cols={{ base: 1, sm: 2, md: 4 }}
          mt="sm"
          spacing="xs"
          aria-label={dt('doc.search.filters')}
        >
          <Select
            label={dt('doc.search.direction')}
            data={[
              { value: '', label: t('common.all') },
              { value: 'incoming', label: dt('doc.search.direction.incoming') },
              { value: 'outgoing', label: dt('doc.search.direction.outgoing') },
            ]}
            value={filters.direction}
            allowDeselect={false}
            onChange={(value) => setParam('direction', value ?? '')}
          />
          <Select
            label={dt('doc.type')}
            data={[
              { value: '', label: t('common.all') },
              ...(types.data ?? []).map((type) => ({ value: type.id, label: type.name })),
            ]}
            value={filters.typeId}
            allowDeselect={false}
            searchable
            onChange={(value) => setParam('typeId', value ?? '')}
          />
          <Select
            label={t('common.status')}
            data={[
              { value: '', label: t('common.all') },
              ...statuses.map((s) => ({ value: s, label: dt(`doc.status.${s}` as DocKey) })),
            ]}
            value={filters.status}
            allowDeselect={false}
            onChange={(value) => setParam('status', value ?? '')}
          />
          <UnitPicker
            label={dt('doc.search.unit')}
            value={filters.unitId || null}
            onChange={(id) =>
              setParams((current) => {
                if (id) current.set('unitId', id);
                else current.delete('unitId');
                current.delete('registerId');
                current.delete('typeId');
                current.delete('page');
                return current;
              })
            }
          />
          <Select
            label={dt('doc.search.register')}
            data={[
              { value: '', label: t('common.all') },
              ...(registers.data ?? []).map((r) => ({ value: r.id, label: r.name })),
            ]}
            value={filters.registerId}
            allowDeselect={false}
            onChange={(value) => setParam('registerId', value ?? '')}
          />
          <DateField
            label={dt('doc.search.issuedFrom')}
            value={filters.issuedFrom}
            onChange={(iso) => setParam('issuedFrom', iso)}
          />
          <DateField
            label={dt('doc.search.issuedTo')}
            value={filters.issuedTo}
            onChange={(iso) => setParam('issuedTo', iso)}
          />
        </SimpleGrid>
        {started && (
          <Button
            variant="subtle"
            mt="xs"
            onClick={() => {
              setTyped('');
              setParams(new URLSearchParams());
            }}
          >
            {dt('doc.search.clear')}
          </Button>
        )}
      </Paper>
      <ErrorAlert error={search.error} />
      {!started && <Text c="dimmed">{dt('doc.search.start')}</Text>}
      {started && search.isPending && !search.error && <div role="status">{t('common.loading')}</div>}
      <div aria-live="polite" aria-busy={search.isFetching}>
        {started && search.data && items.length === 0 && (
          <Text c="dimmed" data-testid="search-none">
            {dt('doc.search.none')}
          </Text>
        )}
        {started && items.length > 0 && (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {dt(search.data?.hasMore ? 'doc.search.resultsMore' : 'doc.search.results', {
                from,
                to: from + items.length - 1,
              })}
            </Text>
            <Stack
              component="ol"
              gap="xs"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-label={dt('doc.search')}
              data-testid="search-results"
            >
              {items.map((hit) => (
                <SearchHit key={hit.id} hit={hit} />
              ))}
            </Stack>
          </Stack>
        )}
      </div>
      {started && (
        <PrevNextPager
          page={page}
          hasMore={Boolean(search.data?.hasMore)}
          onChange={(next) => setParam('page', String(next))}
        />
      )}
    </Stack>
  );
}

function SearchHit({ hit }: { hit: DocumentSearchHit }) {
  const { dt } = useDocI18n();
  const date = hit.direction === 'incoming' ? (hit.arrivalDate ?? hit.issuedDate) : hit.issuedDate;
  return (
    <Paper component="li" withBorder p="sm">
      <Stack gap={4}>
        <Anchor component={Link} to={`/documents/${hit.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
          <Highlighted html={hit.highlight.subject} />
        </Anchor>
        {hit.highlight.body && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            <Text span c="dimmed" size="sm">
              {dt('doc.search.fromText')}:{' '}
            </Text>
            … <Highlighted html={hit.highlight.body} /> …
          </Text>
        )}
        <Group gap={6} wrap="wrap">
          <Badge variant="outline" color="gray.8">
            {hit.direction === 'incoming'
              ? dt('doc.search.direction.incoming')
              : dt('doc.search.direction.outgoing')}
          </Badge>
          <StatusBadge status={hit.status} />
          <PriorityBadge priority={hit.priority} />
          <SecrecyBadge secrecy={hit.secrecy} />
          {hit.match !== 'filter' && (
            <Badge variant="outline" color="gray.8">
              {dt(`doc.search.match.${hit.match}`)}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {[
            hit.typeName,
            hit.symbol,
            hit.arrivalNumber
              ? `${dt('doc.arrivalNumber')} ${String(hit.arrivalNumber).padStart(2, '0')}`
              : null,
            formatDate(date),
            hit.organName,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Stack>
    </Paper>
  );
}
