import {
  Alert,
  Anchor,
  Button,
  Group,
  Image,
  Input,
  Paper,
  Select,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  type PortalArticle,
  type PortalSite,
  useCreateArticle,
  usePortalArticle,
  usePortalCategories,
  useUpdateArticle,
} from '../../api/portal.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { ArticleRevisions } from './article-revisions.tsx';
import { ArticleWorkflow } from './article-workflow.tsx';
import { BodyEditor } from './body-editor.tsx';
import {
  ArticleStatusBadge,
  MediaPickerModal,
  publicArticleUrl,
  SiteSelect,
  useSiteChoice,
} from './parts.tsx';
import { type PortalKey, usePortalI18n } from './portal-i18n.ts';
import { portalMessages } from './portal-messages.ts';

/** /portal/articles/new and /portal/articles/:id: the form, the workflow and the revisions. */
export default function ArticleEditorPage() {
  const { articleId } = useParams();
  const { t } = usePortalI18n();
  const article = usePortalArticle(articleId);
  const [search] = useSearchParams();
  const { list: sites, sites: sitesQuery } = useSiteChoice(search.get('site'));
  if (articleId && !article.data)
    return article.error ? (
      <ErrorAlert error={article.error} />
    ) : (
      <Text c="dimmed">{t('common.loading')}</Text>
    );
  if (!sitesQuery.data)
    return sitesQuery.error ? (
      <ErrorAlert error={sitesQuery.error} />
    ) : (
      <Text c="dimmed">{t('common.loading')}</Text>
    );
  return <ArticleForm key={article.data?.id ?? 'new'} article={article.data} sites={sites} />;
}

function ArticleForm({ article, sites }: { article?: PortalArticle; sites: PortalSite[] }) {
  const { pt } = usePortalI18n();
  const me = useMe().data;
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [siteId, setSiteId] = useState<string | null>(
    article?.siteId ?? sites.find((s) => s.id === search.get('site'))?.id ?? sites[0]?.id ?? null,
  );
  const [title, setTitle] = useState(article?.title ?? '');
  const [summary, setSummary] = useState(article?.summary ?? '');
  const [categoryId, setCategoryId] = useState<string | null>(article?.categoryId ?? null);
  const [tags, setTags] = useState<string[]>(article?.tags.map((tag) => tag.name) ?? []);
  const [coverId, setCoverId] = useState<string | null>(article?.coverMediaId ?? null);
  // The picked image's own thumbnail; an existing cover shows its 320 px rendition.
  const [coverThumb, setCoverThumb] = useState<string | null>(null);
  const [bodyHtml, setBodyHtml] = useState(article?.bodyHtml ?? '');
  const [note, setNote] = useState('');
  const [picking, picker] = useDisclosure(false);
  const categories = usePortalCategories(siteId);
  const create = useCreateArticle();
  const update = useUpdateArticle();
  const save = article ? update : create;
  const site = sites.find((s) => s.id === siteId);
  const editable = can(me, 'portal.write');
  const actionLabel = (action: string) => {
    const key = `po.act.${action.replace(/^portal\.article\./, '')}`;
    return key in portalMessages ? pt(key as PortalKey) : action;
  };

  const submit = () => {
    const fields = { title, summary, bodyHtml, categoryId, tags, coverMediaId: coverId };
    if (article)
      update.mutate(
        { id: article.id, body: { ...fields, note } },
        {
          onSuccess: () => {
            setNote('');
            notifications.show({ color: 'green', message: pt('po.ed.saved') });
          },
        },
      );
    else if (siteId)
      create.mutate(
        { ...fields, siteId },
        {
          onSuccess: (created) => {
            notifications.show({ color: 'green', message: pt('po.ed.saved') });
            navigate(`/portal/articles/${created.id}`, { replace: true });
          },
        },
      );
  };

  if (!site) return <Text>{pt('po.noSite')}</Text>;

  const form = (
    <Stack
      gap="sm"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {!article && sites.length > 1 && (
        <SiteSelect
          sites={sites}
          value={siteId}
          onChange={(value) => {
            setSiteId(value);
            setCategoryId(null);
            setCoverId(null);
          }}
        />
      )}
      <TextInput
        label={pt('po.f.title')}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        required
        maxLength={300}
        error={fieldError(save.error, 'title')}
      />
      <Textarea
        label={pt('po.f.summary')}
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={1000}
        error={fieldError(save.error, 'summary')}
      />
      <Group grow wrap="wrap" align="flex-start">
        <Select
          label={pt('po.f.category')}
          data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={categoryId}
          onChange={setCategoryId}
          clearable
          miw={200}
        />
        <TagsInput
          label={pt('po.f.tags')}
          description={pt('po.f.tagsHint')}
          value={tags}
          onChange={setTags}
          maxTags={20}
          miw={200}
        />
      </Group>
      <Input.Wrapper label={pt('po.f.cover')}>
        <Group gap="sm" wrap="wrap" mt={4}>
          {coverId && (
            <Image src={coverThumb ?? `/anh/${coverId}/320.jpg`} alt="" h={72} w="auto" radius="sm" />
          )}
          <Button variant="default" size="compact-sm" onClick={picker.open}>
            {pt('po.ed.pickCover')}
          </Button>
          {coverId && (
            <Button variant="subtle" size="compact-sm" onClick={() => setCoverId(null)}>
              {pt('po.ed.removeCover')}
            </Button>
          )}
        </Group>
      </Input.Wrapper>
      <Input.Wrapper
        label={pt('po.f.body')}
        description={pt('po.ed.sanitised')}
        error={fieldError(save.error, 'bodyHtml')}
      >
        <BodyEditor siteId={site.id} initialHtml={bodyHtml} onChange={setBodyHtml} label={pt('po.f.body')} />
      </Input.Wrapper>
      {article && (
        <TextInput
          label={pt('po.f.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={500}
        />
      )}
      {article?.status === 'published' && (
        <Alert color="yellow" variant="light">
          {pt('po.ed.publishedEditWarning')}
        </Alert>
      )}
      <ErrorAlert error={save.error} />
      {editable && (
        <Group>
          <Button type="submit" loading={save.isPending}>
            {pt('po.ed.save')}
          </Button>
        </Group>
      )}
      <MediaPickerModal
        siteId={site.id}
        opened={picking}
        onClose={picker.close}
        onPick={(media) => {
          setCoverId(media.id);
          setCoverThumb(media.thumbnailUrl);
        }}
      />
    </Stack>
  );

  if (!article)
    return (
      <Stack gap="md">
        <PageHeader title={pt('po.ed.newTitle')} />
        {form}
      </Stack>
    );

  return (
    <Stack gap="md">
      <PageHeader
        title={article.title}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <ArticleStatusBadge status={article.status} />
            <span>{article.siteName}</span>
            {article.approverName && <span>{`${pt('po.f.approver')}: ${article.approverName}`}</span>}
            {article.scheduledAt && article.status === 'scheduled' && (
              <span>{`${pt('po.f.scheduled')}: ${formatDateTime(article.scheduledAt)}`}</span>
            )}
            {article.status === 'published' && (
              <Anchor href={publicArticleUrl(site.slug, article.slug)} target="_blank" rel="noopener">
                {pt('po.ed.view')} <IconExternalLink size={14} aria-hidden />
              </Anchor>
            )}
          </Group>
        }
      />
      <ArticleWorkflow article={article} />
      <Tabs defaultValue="content" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="content">{pt('po.ed.content')}</Tabs.Tab>
          <Tabs.Tab value="history">{pt('po.ed.history')}</Tabs.Tab>
          <Tabs.Tab value="activity">{pt('po.ed.activity')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content" pt="md">
          {form}
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <ArticleRevisions articleId={article.id} />
        </Tabs.Panel>
        <Tabs.Panel value="activity" pt="md">
          <Paper withBorder p="sm">
            <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {article.history.map((entry) => (
                <Text component="li" size="sm" key={`${entry.at}:${entry.action}`}>
                  {`${formatDateTime(entry.at)} · ${entry.actorLabel} · ${actionLabel(entry.action)}`}
                </Text>
              ))}
            </Stack>
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
