import { Anchor, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { SimilarPetition } from '@mts/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSimilarPetitions } from '../../api/petitions.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { formatDate } from '../../i18n/format.ts';
import { PetitionStatusBadge } from './parts.tsx';
import { usePetitionI18n } from './petition-i18n.ts';

/**
 * Similar existing petitions for a text being typed (debounced), with their status, answer and a
 * link; `action` renders a control per suggestion (choose it to merge, tick it…).
 */
export function SimilarPanel({
  text,
  unitId,
  subjectCode,
  excludeId,
  limit = 5,
  action,
  heading = true,
}: {
  text: string;
  unitId?: string;
  subjectCode?: string;
  excludeId?: string;
  limit?: number;
  action?: (item: SimilarPetition) => ReactNode;
  heading?: boolean;
}) {
  const { pt } = usePetitionI18n();
  const [debounced] = useDebouncedValue(text, 400);
  const similar = useSimilarPetitions({ text: debounced, unitId, subjectCode, excludeId, limit });
  const items = similar.data?.items ?? [];
  const waiting = debounced.trim().length < 8;
  return (
    <Stack gap="xs" aria-live="polite" aria-busy={similar.isFetching} data-testid="similar-petitions">
      {heading && (
        <Group gap="xs" justify="space-between">
          <Title order={2} size="h4">
            {pt('pet.similar')}
          </Title>
          {similar.isFetching && <Loader size="xs" aria-hidden />}
        </Group>
      )}
      <Text size="sm" c="dimmed">
        {pt('pet.similar.hint')}
      </Text>
      <ErrorAlert error={similar.error} />
      {waiting ? (
        <Text size="sm" c="dimmed">
          {pt('pet.similar.typing')}
        </Text>
      ) : items.length === 0 && !similar.isFetching ? (
        <Text size="sm" c="dimmed">
          {pt('pet.similar.none')}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((item) => (
            <Paper component="li" withBorder p="sm" key={item.id} data-testid="similar-item">
              <Stack gap={4}>
                <Anchor component={Link} to={`/petitions/${item.id}`} fw={600} size="sm" target="_blank">
                  {item.title}
                </Anchor>
                <Group gap={4}>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {item.trackingCode}
                  </Text>
                  <PetitionStatusBadge status={item.status} />
                  {item.isLikelyRepeat && (
                    <Badge color="#8a3b00" variant="light">
                      {pt('pet.similar.repeat')}
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    {pt('pet.similar.score', { score: Math.round(item.score * 100) })}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {[item.subjectName, item.unitName, formatDate(item.receivedAt)]
                    .concat(item.term ? [pt('pet.similar.term', { term: item.term })] : [])
                    .join(' · ')}
                </Text>
                <Text size="sm" lineClamp={3}>
                  {item.excerpt}
                </Text>
                {item.answer && (
                  <Text size="sm">
                    <Text span fw={600}>
                      {pt('pet.similar.answer')}
                    </Text>{' '}
                    {item.answer.summary}
                  </Text>
                )}
                {action?.(item)}
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
