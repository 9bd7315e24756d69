import { Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { LanguageSwitch } from '../../layout/language-switch.tsx';

/** The frame of the pages used before signing in: header, one card, footer. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Box mih="100vh" bg="gray.0" style={{ display: 'flex', flexDirection: 'column' }}>
      <Box
        component="header"
        bg="white"
        px="md"
        py="xs"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Group gap={8} wrap="nowrap">
            <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden focusable="false">
              <rect width="32" height="32" rx="6" fill="#b3261e" />
              <path
                fill="#ffd54f"
                d="M16 5l3.1 7.3 7.9.7-6 5.2 1.8 7.8L16 21.9 9.2 26l1.8-7.8-6-5.2 7.9-.7z"
              />
            </svg>
            <Text fw={700} size="lg" c="front.8">
              {t('app.name')}
            </Text>
          </Group>
          <LanguageSwitch />
        </Group>
      </Box>
      <Container component="main" id="main-content" size={460} w="100%" px="sm" py="xl" style={{ flex: 1 }}>
        <Paper withBorder shadow="xs" p={{ base: 'md', sm: 'xl' }} radius="md">
          <Stack gap="md">
            <Title order={1} size="h2">
              {title}
            </Title>
            {children}
          </Stack>
        </Paper>
      </Container>
      <Box component="footer" py="sm" px="md">
        <Text size="xs" c="dimmed" ta="center">
          {t('app.tagline')}
        </Text>
      </Box>
    </Box>
  );
}
