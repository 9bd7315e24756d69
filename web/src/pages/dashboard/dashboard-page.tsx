import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { can, useMe } from '../../auth/use-me.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { adminItems, comingSoonItems, workItems } from '../../layout/nav-items.ts';

export default function DashboardPage() {
  const { t, pick } = useI18n();
  const me = useMe().data!;
  const shortcuts = [...workItems, ...adminItems].filter(
    (item) => item.to !== '/' && (item.permissions.length === 0 || can(me, ...item.permissions)),
  );
  const mfaOn = me.mfa.totpEnabled || me.mfa.passkeys > 0;
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('dashboard.title')}
        description={t('dashboard.activeUnit', { unit: me.activeUnit.name })}
      />
      <Text size="lg">{t('dashboard.welcome', { name: me.staff.fullName })}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder component="section" aria-labelledby="dash-roles">
          <Title order={2} size="h4" id="dash-roles" mb="xs">
            {t('dashboard.roles')}
          </Title>
          {me.roles.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('dashboard.noRoles')}
            </Text>
          ) : (
            <Group gap="xs">
              {me.roles.map((role) => (
                <Badge key={role.id} color="front.8">
                  {pick(role.nameVi, role.nameEn)}
                </Badge>
              ))}
            </Group>
          )}
        </Card>
        <Card withBorder component="section" aria-labelledby="dash-security">
          <Title order={2} size="h4" id="dash-security" mb="xs">
            {t('dashboard.security')}
          </Title>
          <Alert color={mfaOn ? 'green' : 'yellow'} variant="light" p="xs">
            {mfaOn ? t('dashboard.mfaOn') : t('dashboard.mfaOff')}
          </Alert>
          <Anchor component={Link} to="/security" size="sm" mt="xs">
            {t('shell.mySecurity')}
          </Anchor>
        </Card>
      </SimpleGrid>
      <section aria-labelledby="dash-shortcuts">
        <Title order={2} size="h4" id="dash-shortcuts" mb="xs">
          {t('dashboard.shortcuts')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
          {shortcuts.map((item) => (
            <Card key={item.to} withBorder component={Link} to={item.to} padding="sm">
              <Group gap="xs" wrap="nowrap">
                <item.icon size={22} aria-hidden color="var(--mantine-color-front-7)" />
                <Text size="sm" fw={600}>
                  {t(item.label)}
                </Text>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </section>
      <section aria-labelledby="dash-coming">
        <Title order={2} size="h4" id="dash-coming" mb="xs">
          {t('dashboard.comingTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('dashboard.comingBody')}
        </Text>
        <Group gap="xs">
          {comingSoonItems.map((item) => (
            <Badge key={item.label} color="gray.7" variant="outline">
              {t(item.label)}
            </Badge>
          ))}
        </Group>
      </section>
    </Stack>
  );
}
