import { Anchor, Group, List, Paper, SegmentedControl, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useOverdue } from '../../api/documents.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useDocI18n } from './doc-i18n.ts';
import { OverdueBadge } from './parts.tsx';

/** Processing-tracking: assignments past their deadline, for the unit or for me. */
export function OverduePanel() {
  const { dt } = useDocI18n();
  const [scope, setScope] = useState<'unit' | 'mine'>('unit');
  const overdue = useOverdue(scope);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="overdue-title">
      <Group justify="space-between" gap="xs" mb="xs">
        <Title order={2} size="h5" id="overdue-title">
          {dt('doc.overdue.title')}
        </Title>
        <SegmentedControl
          size="xs"
          aria-label={dt('doc.overdue.scope')}
          value={scope}
          onChange={(value) => setScope(value as 'unit' | 'mine')}
          data={[
            { value: 'unit', label: dt('doc.overdue.unit') },
            { value: 'mine', label: dt('doc.overdue.mine') },
          ]}
        />
      </Group>
      <ErrorAlert error={overdue.error} />
      {overdue.data && overdue.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {dt('doc.overdue.none')}
        </Text>
      )}
      {overdue.data && overdue.data.length > 0 && (
        <List spacing={4}>
          {overdue.data.map((item) => (
            <List.Item key={item.id}>
              <Group gap={6} wrap="wrap">
                <OverdueBadge />
                <Anchor
                  component={Link}
                  to={`/documents/${item.documentId}`}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {item.subject}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {dt('doc.overdue.line', { deadline: formatDate(item.deadline), days: item.daysOverdue })}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
