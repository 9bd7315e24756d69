import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PortalMenuItem } from '@mts/contracts';
import { IconArrowDown, IconArrowUp, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import {
  type PortalCategory,
  type PortalSite,
  useCreateCategory,
  useDeleteCategory,
  usePortalCategories,
  useUpdateCategory,
  useUpdateSite,
} from '../../api/portal.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { type PortalKey, usePortalI18n } from './portal-i18n.ts';

const PAGES = ['home', 'petitions', 'tracking', 'contact', 'search'] as const;
const pageKey = (page: (typeof PAGES)[number]): PortalKey => `po.cfg.page.${page}`;

/** The site's categories: add, rename, delete (articles keep their text, without a category). */
export function SiteCategories({ site }: { site: PortalSite }) {
  const { pt } = usePortalI18n();
  const categories = usePortalCategories(site.id);
  const create = useCreateCategory();
  const [name, setName] = useState('');
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {pt('po.cfg.categories')}
        </Title>
        <ErrorAlert error={categories.error} />
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {categories.data?.map((category) => (
            <CategoryRow key={`${category.id}:${category.name}`} category={category} />
          ))}
        </Stack>
        <Group
          gap="xs"
          align="flex-end"
          wrap="wrap"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ siteId: site.id, name }, { onSuccess: () => setName('') });
          }}
        >
          <TextInput
            label={pt('po.cfg.newCategory')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={120}
            style={{ flex: '1 1 12rem' }}
          />
          <Button type="submit" loading={create.isPending}>
            {pt('po.cfg.add')}
          </Button>
        </Group>
        <ErrorAlert error={create.error} />
      </Stack>
    </Paper>
  );
}

function CategoryRow({ category }: { category: PortalCategory }) {
  const { pt } = usePortalI18n();
  const update = useUpdateCategory();
  const remove = useDeleteCategory();
  const [name, setName] = useState(category.name);
  return (
    <li>
      <Group
        gap="xs"
        wrap="wrap"
        align="flex-end"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ id: category.id, name });
        }}
      >
        <TextInput
          aria-label={`${pt('po.cfg.rename')}: ${category.name}`}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={120}
          style={{ flex: '1 1 12rem' }}
        />
        <Button type="submit" variant="default" loading={update.isPending} disabled={name === category.name}>
          {pt('po.cfg.rename')}
        </Button>
        <ConfirmButton
          variant="subtle"
          color="red.9"
          aria-label={`${pt('po.cfg.delete')}: ${category.name}`}
          title={pt('po.cfg.delete')}
          message={pt('po.cfg.deleteCategory', { name: category.name })}
          confirmLabel={pt('po.cfg.delete')}
          loading={remove.isPending}
          onConfirm={() => remove.mutate(category.id)}
        >
          {pt('po.cfg.delete')}
        </ConfirmButton>
      </Group>
      <ErrorAlert error={update.error ?? remove.error} />
    </li>
  );
}

/** The menu: an ordered list of categories and pages, moved with arrows, saved at once. */
export function SiteMenu({ site }: { site: PortalSite }) {
  const { pt } = usePortalI18n();
  const categories = usePortalCategories(site.id);
  const update = useUpdateSite();
  const [menu, setMenu] = useState<PortalMenuItem[]>(site.menu);
  const [adding, setAdding] = useState<string | null>(null);
  const categoryName = (id: string) => categories.data?.find((c) => c.id === id)?.name ?? '…';
  const label = (item: PortalMenuItem) =>
    item.label ||
    (item.kind === 'category'
      ? categoryName(item.categoryId)
      : item.kind === 'page'
        ? pt(pageKey(item.page))
        : '');
  const options = [
    ...PAGES.map((page) => ({ value: `page:${page}`, label: pt(pageKey(page)) })),
    ...(categories.data ?? []).map((c) => ({ value: `category:${c.id}`, label: c.name })),
  ];
  const move = (index: number, by: -1 | 1) =>
    setMenu((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + by, 0, item);
      return next;
    });
  const add = () => {
    if (!adding) return;
    const [kind, value] = adding.split(':') as [string, string];
    const item: PortalMenuItem =
      kind === 'page'
        ? { kind: 'page', page: value as (typeof PAGES)[number] }
        : { kind: 'category', categoryId: value };
    setMenu((current) => [...current, item]);
    setAdding(null);
  };
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {pt('po.cfg.menu')}
        </Title>
        <Text size="sm" c="dimmed">
          {pt('po.cfg.menuHint')}
        </Text>
        <Stack gap={4} component="ol" m={0} pl="md">
          {menu
            .map((item, index) => ({ item, index, id: `${index}:${label(item)}` }))
            .map(({ item, index, id }) => (
              <li key={id}>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm" style={{ flex: 1, overflowWrap: 'anywhere' }}>
                    {label(item)}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`${pt('po.cfg.up')}: ${label(item)}`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    <IconArrowUp size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`${pt('po.cfg.down')}: ${label(item)}`}
                    disabled={index === menu.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    <IconArrowDown size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    aria-label={`${pt('po.cfg.remove')}: ${label(item)}`}
                    onClick={() => setMenu((current) => current.filter((_, i) => i !== index))}
                  >
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </li>
            ))}
        </Stack>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label={pt('po.cfg.menuAdd')}
            data={options}
            value={adding}
            onChange={setAdding}
            style={{ flex: '1 1 12rem' }}
          />
          <Button variant="default" onClick={add} disabled={!adding}>
            {pt('po.cfg.add')}
          </Button>
        </Group>
        <ErrorAlert error={update.error} />
        <Group>
          <Button
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { id: site.id, body: { menu } },
                { onSuccess: () => notifications.show({ color: 'green', message: pt('po.cfg.saved') }) },
              )
            }
          >
            {pt('po.cfg.saveMenu')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
