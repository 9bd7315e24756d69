import { Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { type PortalSite, useCreateSite, useUpdateSite } from '../../api/portal.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useUrlState } from '../documents/parts.tsx';
import { SiteSelect, useSiteChoice } from './parts.tsx';
import { usePortalI18n } from './portal-i18n.ts';
import { SiteCategories, SiteMenu } from './settings-parts.tsx';

/** The sites of the caller's scope: create one for a unit, edit a site, its categories and menu. */
export default function PortalSettingsPage() {
  const { pt } = usePortalI18n();
  const { params, setParam } = useUrlState();
  const { list: sites, site, sites: sitesQuery } = useSiteChoice(params.get('site'));
  return (
    <Stack gap="md">
      <PageHeader title={pt('po.settings')} />
      <ErrorAlert error={sitesQuery.error} />
      {sites.length > 0 && site && (
        <SiteSelect
          sites={sites}
          label={pt('po.cfg.sites')}
          value={site.id}
          onChange={(value) => setParam('site', value ?? '')}
        />
      )}
      {site && (
        <>
          <SiteForm key={`${site.id}:${site.updatedAt}`} site={site} />
          <SiteCategories site={site} />
          <SiteMenu key={`menu:${site.id}:${site.updatedAt}`} site={site} />
        </>
      )}
      <CreateSite onCreated={(id) => setParam('site', id)} />
    </Stack>
  );
}

function CreateSite({ onCreated }: { onCreated: (id: string) => void }) {
  const { pt } = usePortalI18n();
  const create = useCreateSite();
  const [unitId, setUnitId] = useState<string | null>(null);
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (unitId)
          create.mutate(
            { unitId },
            {
              onSuccess: (created) => {
                setUnitId(null);
                notifications.show({ color: 'green', message: pt('po.cfg.created') });
                onCreated(created.id);
              },
            },
          );
      }}
    >
      <Stack gap="xs">
        <Title order={2} size="h4">
          {pt('po.cfg.create')}
        </Title>
        <UnitPicker label={pt('po.cfg.unit')} value={unitId} onChange={(id) => setUnitId(id)} required />
        <ErrorAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!unitId}>
            {pt('po.cfg.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function SiteForm({ site }: { site: PortalSite }) {
  const { pt } = usePortalI18n();
  const update = useUpdateSite();
  const [name, setName] = useState(site.name);
  const [slug, setSlug] = useState(site.slug);
  const [host, setHost] = useState(site.host ?? '');
  const [tagline, setTagline] = useState(site.tagline);
  const [contact, setContact] = useState(site.contact);
  const [aggregate, setAggregate] = useState(site.aggregateChildren);
  const [active, setActive] = useState(site.isActive);
  const contactField = (key: 'address' | 'phone' | 'email' | 'hours', label: string) => (
    <TextInput
      label={label}
      value={contact[key] ?? ''}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setContact((current) => ({ ...current, [key]: value || undefined }));
      }}
      error={fieldError(update.error, `contact.${key}`)}
    />
  );
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(
          {
            id: site.id,
            body: {
              name,
              slug,
              host: host.trim() || null,
              tagline,
              contact,
              aggregateChildren: aggregate,
              isActive: active,
            },
          },
          { onSuccess: () => notifications.show({ color: 'green', message: pt('po.cfg.saved') }) },
        );
      }}
    >
      <Stack gap="xs">
        <Title order={2} size="h4">
          {site.unitName}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput
            label={pt('po.cfg.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={200}
            error={fieldError(update.error, 'name')}
          />
          <TextInput
            label={pt('po.cfg.slug')}
            value={slug}
            onChange={(e) => setSlug(e.currentTarget.value)}
            required
            maxLength={80}
            error={fieldError(update.error, 'slug')}
          />
          <TextInput
            label={pt('po.cfg.host')}
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            placeholder="mattran.lamdong.gov.vn"
            error={fieldError(update.error, 'host')}
          />
          <TextInput
            label={pt('po.cfg.tagline')}
            value={tagline}
            onChange={(e) => setTagline(e.currentTarget.value)}
            maxLength={300}
          />
          {contactField('address', pt('po.cfg.address'))}
          {contactField('phone', pt('po.cfg.phone'))}
          {contactField('email', pt('po.cfg.email'))}
          {contactField('hours', pt('po.cfg.hours'))}
        </SimpleGrid>
        <Checkbox
          label={pt('po.cfg.aggregate')}
          checked={aggregate}
          onChange={(e) => setAggregate(e.currentTarget.checked)}
        />
        <Checkbox
          label={pt('po.cfg.active')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        <Text size="sm" c="dimmed">{`/trang/${site.slug}`}</Text>
        <ErrorAlert error={update.error} />
        <Group>
          <Button type="submit" loading={update.isPending}>
            {pt('po.cfg.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
