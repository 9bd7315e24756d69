import {
  AppShell,
  Box,
  Burger,
  Divider,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { Suspense, useEffect } from 'react';
import { Outlet, NavLink as RouterNavLink, useLocation } from 'react-router';
import { can, type Me, useMe } from '../auth/use-me.ts';
import { Loading } from '../components/loading.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { NotificationBell } from '../pages/documents/notification-bell.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { adminItems, comingSoonItems, type NavItem, portalItems, workItems } from './nav-items.ts';
import { UnitSwitcher } from './unit-switcher.tsx';
import { UserMenu } from './user-menu.tsx';

function visible(me: Me, items: NavItem[]) {
  return items.filter((item) => item.permissions.length === 0 || can(me, ...item.permissions));
}

function NavSection({ title, items }: { title: string; items: NavItem[] }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <Box component="section" aria-label={title}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4} aria-hidden>
        {title}
      </Text>
      <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              component={RouterNavLink}
              to={item.to}
              end={item.to === '/'}
              label={t(item.label)}
              leftSection={<item.icon size={20} stroke={1.6} aria-hidden />}
              variant="filled"
            />
          </li>
        ))}
      </Stack>
    </Box>
  );
}

export function PageFallback() {
  return <Loading py="xl" />;
}

export function AppLayout() {
  const { t } = useI18n();
  const me = useMe().data!;
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the phone menu after every navigation
  useEffect(() => close(), [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <a href="#main-content" className="skip-link">
        {t('shell.skipLink')}
      </a>
      <AppShell.Header component="header">
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNav')}
              aria-expanded={opened}
              aria-controls="main-navbar"
            />
            <Box
              component={RouterNavLink}
              to="/"
              style={{ textDecoration: 'none', color: 'inherit', minWidth: 0 }}
            >
              <Group gap={8} wrap="nowrap">
                <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden focusable="false">
                  <rect width="32" height="32" rx="6" fill="#b3261e" />
                  <path
                    fill="#ffd54f"
                    d="M16 5l3.1 7.3 7.9.7-6 5.2 1.8 7.8L16 21.9 9.2 26l1.8-7.8-6-5.2 7.9-.7z"
                  />
                </svg>
                <Text fw={700} size="lg" c="front.8" truncate>
                  {t('app.name')}
                </Text>
              </Group>
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Box visibleFrom="sm">
              <UnitSwitcher me={me} id="unit-switcher-header" compact />
            </Box>
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu me={me} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id="main-navbar" component="nav" aria-label={t('shell.mainNav')} p="xs">
        <AppShell.Section hiddenFrom="sm" mb="sm">
          <UnitSwitcher me={me} id="unit-switcher-nav" />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="md">
            <NavSection title={t('shell.sectionWork')} items={visible(me, workItems)} />
            <NavSection title={t('nav.portalSection')} items={visible(me, portalItems)} />
            <Box component="section" aria-label={t('shell.comingSoonModules')}>
              <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {comingSoonItems.map((item) => (
                  <Group
                    component="li"
                    key={item.label}
                    gap="sm"
                    px="sm"
                    py={6}
                    wrap="nowrap"
                    aria-disabled="true"
                    c="gray.7"
                  >
                    <item.icon size={20} stroke={1.6} aria-hidden />
                    <Text size="sm" style={{ flex: 1 }}>
                      {t(item.label)}
                    </Text>
                    <Group gap={2} wrap="nowrap">
                      <IconLock size={12} aria-hidden />
                      <Text size="xs">{t('shell.comingSoon')}</Text>
                    </Group>
                  </Group>
                ))}
              </Stack>
            </Box>
            <Divider />
            <NavSection title={t('shell.sectionAdmin')} items={visible(me, adminItems)} />
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main-content" tabIndex={-1} component="main" style={{ outline: 'none' }}>
        <ErrorBoundary key={location.pathname}>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('error.forbidden')}
      </Title>
    </Stack>
  );
}
