import {
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Image,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type PortalMediaKind, portalMediaKinds } from '@mts/contracts';
import { useState } from 'react';
import {
  type PortalMedia,
  useDeleteMedia,
  useEmbedMedia,
  usePortalMedia,
  useUpdateMedia,
  useUploadMedia,
} from '../../api/portal.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useUrlState } from '../documents/parts.tsx';
import { SiteSelect, useSiteChoice } from './parts.tsx';
import { type PortalKey, usePortalI18n } from './portal-i18n.ts';

const kindKey = (kind: PortalMediaKind): PortalKey => `po.kind.${kind}`;

/** A site's media library: upload, embed a video, search, edit alt text and caption, delete. */
export default function PortalMediaPage() {
  const { pt, t } = usePortalI18n();
  const me = useMe().data;
  const { params, setParam } = useUrlState();
  const { list: sites, site, sites: sitesQuery } = useSiteChoice(params.get('site'));
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const kind = params.get('kind');
  const media = usePortalMedia(site?.id, { q: debounced || undefined, kind: kind || undefined, limit: 60 });
  const [editing, setEditing] = useState<PortalMedia | null>(null);
  const write = can(me, 'portal.write');

  return (
    <Stack gap="md">
      <PageHeader title={pt('po.media')} />
      <ErrorAlert error={sitesQuery.error} />
      {sitesQuery.data?.length === 0 && <Text>{pt('po.noSite')}</Text>}
      {site && (
        <>
          {sites.length > 1 && (
            <SiteSelect sites={sites} value={site.id} onChange={(value) => setParam('site', value ?? '')} />
          )}
          {write && <AddMedia siteId={site.id} />}
          <Paper withBorder p="sm" component="form" role="search" onSubmit={(e) => e.preventDefault()}>
            <Group gap="xs" wrap="wrap" align="flex-end" grow>
              <TextInput
                label={pt('po.f.mediaQ')}
                type="search"
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                maxLength={200}
                miw={180}
              />
              <Select
                label={pt('po.f.kind')}
                data={portalMediaKinds.map((k) => ({ value: k, label: pt(kindKey(k)) }))}
                value={kind}
                onChange={(value) => setParam('kind', value ?? '')}
                clearable
                miw={140}
              />
            </Group>
          </Paper>
          <ErrorAlert error={media.error} />
          {media.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
          {media.data?.items.length === 0 && <Text c="dimmed">{pt('po.md.empty')}</Text>}
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm" data-testid="media-library">
            {media.data?.items.map((item) => (
              <MediaCard key={item.id} item={item} write={write} onEdit={() => setEditing(item)} />
            ))}
          </SimpleGrid>
        </>
      )}
      {editing && <EditMedia item={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function MediaCard({ item, write, onEdit }: { item: PortalMedia; write: boolean; onEdit: () => void }) {
  const { pt } = usePortalI18n();
  const remove = useDeleteMedia();
  const name = item.alt || item.fileName;
  return (
    <Card withBorder padding="sm">
      <Stack gap={6}>
        {item.thumbnailUrl ? (
          <Image src={item.thumbnailUrl} alt={item.alt} h={140} fit="cover" radius="sm" />
        ) : (
          <Anchor href={item.url} target="_blank" rel="noopener" style={{ overflowWrap: 'anywhere' }}>
            {item.fileName}
          </Anchor>
        )}
        <Group gap={4}>
          <Badge variant="light">{pt(kindKey(item.kind))}</Badge>
        </Group>
        <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {item.alt || item.fileName}
        </Text>
        {item.caption && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {item.caption}
          </Text>
        )}
        <ErrorAlert error={remove.error} />
        {write && (
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="default"
              onClick={onEdit}
              aria-label={`${pt('po.md.edit')}: ${name}`}
            >
              {pt('po.md.edit')}
            </Button>
            <ConfirmButton
              size="compact-sm"
              variant="subtle"
              color="red.9"
              aria-label={`${pt('po.md.delete')}: ${name}`}
              title={pt('po.md.delete')}
              message={pt('po.md.deleteConfirm', { name })}
              confirmLabel={pt('po.md.delete')}
              loading={remove.isPending}
              onConfirm={() => remove.mutate(item.id)}
            >
              {pt('po.md.delete')}
            </ConfirmButton>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** Upload a file (with alt text and caption), or add a YouTube/Facebook video by its address. */
function AddMedia({ siteId }: { siteId: string }) {
  const { pt } = usePortalI18n();
  const upload = useUploadMedia();
  const embed = useEmbedMedia();
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [caption, setCaption] = useState('');
  const [url, setUrl] = useState('');
  const done = () => notifications.show({ color: 'green', message: pt('po.md.uploaded') });
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <Paper
        withBorder
        p="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (file)
            upload.mutate(
              { siteId, file, alt: alt || undefined, caption: caption || undefined },
              {
                onSuccess: () => {
                  setFile(null);
                  setAlt('');
                  setCaption('');
                  done();
                },
              },
            );
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h5">
            {pt('po.md.upload')}
          </Title>
          <FileInput label={pt('po.f.file')} value={file} onChange={setFile} clearable required />
          <TextInput
            label={pt('po.f.alt')}
            value={alt}
            onChange={(e) => setAlt(e.currentTarget.value)}
            maxLength={300}
          />
          <TextInput
            label={pt('po.f.caption')}
            value={caption}
            onChange={(e) => setCaption(e.currentTarget.value)}
            maxLength={1000}
          />
          <ErrorAlert error={upload.error} />
          <Group>
            <Button type="submit" loading={upload.isPending} disabled={!file}>
              {pt('po.md.upload')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper
        withBorder
        p="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          embed.mutate(
            { siteId, body: { url } },
            {
              onSuccess: () => {
                setUrl('');
                done();
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h5">
            {pt('po.ed.insertVideo')}
          </Title>
          <TextInput
            label={pt('po.f.videoUrl')}
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            placeholder="https://www.youtube.com/watch?v=…"
            required
          />
          <ErrorAlert error={embed.error} />
          <Group>
            <Button type="submit" loading={embed.isPending}>
              {pt('po.md.embed')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}

function EditMedia({ item, onClose }: { item: PortalMedia; onClose: () => void }) {
  const { pt } = usePortalI18n();
  const update = useUpdateMedia();
  const [alt, setAlt] = useState(item.alt);
  const [caption, setCaption] = useState(item.caption);
  return (
    <Modal opened onClose={onClose} title={`${pt('po.md.edit')}: ${item.fileName}`}>
      <Stack
        gap="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ id: item.id, body: { alt, caption } }, { onSuccess: onClose });
        }}
      >
        <TextInput
          label={pt('po.f.alt')}
          value={alt}
          onChange={(e) => setAlt(e.currentTarget.value)}
          maxLength={300}
          data-autofocus
        />
        <Textarea
          label={pt('po.f.caption')}
          value={caption}
          onChange={(e) => setCaption(e.currentTarget.value)}
          maxLength={1000}
          autosize
          minRows={2}
        />
        <ErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {pt('po.md.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
