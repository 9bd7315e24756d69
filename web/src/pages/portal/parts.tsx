import {
  Badge,
  Button,
  Card,
  Group,
  Image,
  Modal,
  Select,
  type SelectProps,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type PortalArticleStatus, portalArticleStatuses } from '@mts/contracts';
import { type ReactNode, useState } from 'react';
import { type PortalMedia, type PortalSite, usePortalMedia, usePortalSites } from '../../api/portal.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { type PortalKey, usePortalI18n } from './portal-i18n.ts';

export const statusKey = (status: PortalArticleStatus): PortalKey => `po.st.${status}`;

const statusColor: Record<PortalArticleStatus, string> = {
  draft: 'gray',
  review: 'yellow',
  approved: 'blue',
  scheduled: 'grape',
  published: 'green',
  unpublished: 'red',
};

export function ArticleStatusBadge({ status }: { status: PortalArticleStatus }) {
  const { pt } = usePortalI18n();
  return (
    <Badge color={statusColor[status]} variant="light" data-testid="article-status">
      {pt(statusKey(status))}
    </Badge>
  );
}

export function useStatusOptions() {
  const { pt } = usePortalI18n();
  return portalArticleStatuses.map((s) => ({ value: s, label: pt(statusKey(s)) }));
}

/** The sites in the caller's scope as Select options (site name, unit when it differs). */
export function SiteSelect({
  sites,
  ...props
}: Omit<SelectProps, 'data'> & {
  sites: PortalSite[];
}) {
  const { pt } = usePortalI18n();
  return (
    <Select
      label={pt('po.f.site')}
      data={sites.map((s) => ({ value: s.id, label: s.name }))}
      allowDeselect={false}
      {...props}
    />
  );
}

/** The sites in scope, and the one chosen (by id, else the first). */
export function useSiteChoice(siteId: string | null | undefined) {
  const sites = usePortalSites();
  const list = sites.data ?? [];
  const site = list.find((s) => s.id === siteId) ?? list[0] ?? null;
  return { sites, list, site };
}

/** The public address of an article (`/trang/{site}/bai-viet/{slug}`). */
export const publicArticleUrl = (siteSlug: string, slug: string) => `/trang/${siteSlug}/bai-viet/${slug}`;

/** Images of a site's library with search, to pick one (cover, or an image for the body). */
export function MediaPickerModal({
  siteId,
  opened,
  onClose,
  onPick,
}: {
  siteId: string;
  opened: boolean;
  onClose: () => void;
  onPick: (media: PortalMedia) => void;
}) {
  const { pt, t } = usePortalI18n();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const media = usePortalMedia(opened ? siteId : null, {
    q: debounced || undefined,
    kind: 'image',
    limit: 30,
  });
  return (
    <Modal opened={opened} onClose={onClose} title={pt('po.md.pickTitle')} size="xl">
      <Stack gap="sm">
        <TextInput
          label={pt('po.f.mediaQ')}
          type="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          maxLength={200}
        />
        <ErrorAlert error={media.error} />
        {media.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
        {media.data?.items.length === 0 && <Text c="dimmed">{pt('po.md.empty')}</Text>}
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="xs">
          {media.data?.items.map((item) => (
            <Card key={item.id} withBorder padding="xs">
              <Stack gap={4}>
                {item.thumbnailUrl && <Image src={item.thumbnailUrl} alt={item.alt} h={90} fit="cover" />}
                <Text size="xs" lineClamp={2}>
                  {item.alt || item.fileName}
                </Text>
                <Button
                  size="compact-sm"
                  aria-label={`${pt('po.md.choose')}: ${item.alt || item.fileName}`}
                  onClick={() => {
                    onPick(item);
                    onClose();
                  }}
                >
                  {pt('po.md.choose')}
                </Button>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </Modal>
  );
}

/** The row of buttons under a form, wrapping on a phone. */
export function Actions({ children }: { children: ReactNode }) {
  return (
    <Group gap="xs" wrap="wrap">
      {children}
    </Group>
  );
}
