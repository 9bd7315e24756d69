import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type PortalArticleSummary, usePortalArticles, usePortalCategories } from '../../api/portal.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { type Column, PagedTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useUrlState } from '../documents/parts.tsx';
import { ArticleStatusBadge, SiteSelect, useSiteChoice, useStatusOptions } from './parts.tsx';
import { usePortalI18n } from './portal-i18n.ts';

const PAGE_SIZE = 25;

/** The articles of the sites in scope, filtered by site, status, category and words (in the URL). */
export default function PortalArticlesPage() {
  const { pt, t } = usePortalI18n();
  const me = useMe().data;
  const { params, setParam } = useUrlState();
  const page = Number(params.get('page') ?? '1') || 1;
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(text, 350);
  // Only the typed (debounced) text drives the URL; params and setParam change on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) setParam('q', debounced);
  }, [debounced]);
  const siteId = params.get('site');
  const { list: sites, sites: sitesQuery } = useSiteChoice(siteId);
  const categories = usePortalCategories(siteId);
  const statuses = useStatusOptions();

  const articles = usePortalArticles({
    siteId: siteId || undefined,
    status: params.get('status') || undefined,
    categoryId: params.get('category') || undefined,
    q: params.get('q') || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });

  const columns: Column<PortalArticleSummary>[] = [
    {
      key: 'title',
      header: pt('po.f.title'),
      primary: true,
      render: (row) => (
        <Stack gap={4}>
          <Anchor component={Link} to={`/portal/articles/${row.id}`} fw={600}>
            {row.title}
          </Anchor>
          <Group gap={4}>
            <ArticleStatusBadge status={row.status} />
            {sites.length > 1 && (
              <Text size="xs" c="dimmed">
                {row.siteName}
              </Text>
            )}
          </Group>
        </Stack>
      ),
    },
    { key: 'author', header: pt('po.f.author'), render: (row) => row.authorName ?? '—' },
    { key: 'updated', header: pt('po.f.updated'), render: (row) => formatDateTime(row.updatedAt) },
    {
      key: 'published',
      header: pt('po.f.published'),
      render: (row) => formatDateTime(row.publishedAt ?? row.scheduledAt) || '—',
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title={pt('po.articles')}
        actions={
          can(me, 'portal.write') &&
          sites.length > 0 && (
            <Button
              component={Link}
              to={siteId ? `/portal/articles/new?site=${siteId}` : '/portal/articles/new'}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              {pt('po.new')}
            </Button>
          )
        }
      />
      <ErrorAlert error={sitesQuery.error} />
      {sitesQuery.data?.length === 0 && <Text>{pt('po.noSite')}</Text>}
      <Paper
        withBorder
        p="sm"
        component="form"
        role="search"
        aria-label={t('common.filter')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Stack gap="xs">
          <TextInput
            label={pt('po.f.q')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={200}
            type="search"
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
            {sites.length > 1 && (
              <SiteSelect
                sites={sites}
                clearable
                allowDeselect
                value={siteId}
                onChange={(value) => {
                  setParam('category', '');
                  setParam('site', value ?? '');
                }}
              />
            )}
            <Select
              label={pt('po.f.status')}
              data={statuses}
              clearable
              value={params.get('status')}
              onChange={(value) => setParam('status', value ?? '')}
            />
            {siteId && (
              <Select
                label={pt('po.f.category')}
                data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                clearable
                value={params.get('category')}
                onChange={(value) => setParam('category', value ?? '')}
              />
            )}
          </SimpleGrid>
        </Stack>
      </Paper>
      <ErrorAlert error={articles.error} />
      {articles.data && (
        <PagedTable
          caption={pt('po.list.caption')}
          columns={columns}
          rows={articles.data.items}
          rowKey={(row) => row.id}
          empty={pt('po.list.empty')}
          testId="portal-articles"
          busy={articles.isFetching}
          page={page}
          total={articles.data.total}
          pageSize={PAGE_SIZE}
          onPage={(next) => setParam('page', String(next))}
        />
      )}
      {articles.isPending && !articles.error && (
        <Text role="status" c="dimmed">
          {t('common.loading')}
        </Text>
      )}
    </Stack>
  );
}
