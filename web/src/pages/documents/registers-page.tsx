import {
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { DocumentType, RegisterNumber } from '@mts/contracts';
import { type FormEvent, useState } from 'react';
import {
  useDocumentRegisters,
  useDocumentTypes,
  useRegisterNumbers,
  useReserveNumbers,
} from '../../api/documents.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime, todayIso } from '../../i18n/format.ts';
import { tones } from '../../tones.ts';
import { useDocI18n } from './doc-i18n.ts';
import { RegisterPrintButtons } from './document-extras.tsx';
import { DocumentsNav } from './parts.tsx';

function Reserve({ registerId }: { registerId: string }) {
  const { dt } = useDocI18n();
  const reserve = useReserveNumbers(registerId);
  const [count, setCount] = useState<number>(1);
  const [note, setNote] = useState('');
  return (
    <form
      aria-label={dt('doc.reg.reserve')}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (note.trim()) reserve.mutate({ count, note: note.trim() }, { onSuccess: () => setNote('') });
      }}
    >
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <NumberInput
            label={dt('doc.reg.count')}
            min={1}
            max={100}
            value={count}
            onChange={(v) => setCount(Number(v) || 1)}
          />
          <TextInput
            label={dt('doc.reg.note')}
            required
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group align="flex-end">
            <Button type="submit" loading={reserve.isPending} disabled={!note.trim()}>
              {dt('doc.reg.reserve')}
            </Button>
          </Group>
        </SimpleGrid>
        {reserve.data && (
          <Text c={tones.success} role="status">
            {dt('doc.reg.reserved', {
              numbers: reserve.data.numbers.map((n) => String(n).padStart(2, '0')).join(', '),
            })}
          </Text>
        )}
        <ErrorAlert error={reserve.error} />
      </Stack>
    </form>
  );
}

/** A unit's registers: numbers taken by year (issued, reserved, cancelled); the type catalogue. */
export default function RegistersPage() {
  const { dt, t, pick } = useDocI18n();
  const me = useMe().data!;
  const unitId = me.activeUnit.id;
  const registers = useDocumentRegisters(unitId);
  const types = useDocumentTypes(unitId);
  const [registerId, setRegisterId] = useState<string | null>(null);
  const currentYear = Number(todayIso().slice(0, 4));
  const [year, setYear] = useState(currentYear);
  const chosen = registerId ?? registers.data?.[0]?.id ?? null;
  const numbers = useRegisterNumbers(chosen, year);

  const numberColumns: Column<RegisterNumber>[] = [
    { key: 'number', header: dt('doc.reg.number'), primary: true, render: (r) => r.codeNumber },
    {
      key: 'status',
      header: dt('doc.reg.status'),
      render: (r) => (
        <Badge
          color={r.status === 'issued' ? tones.success : r.status === 'reserved' ? 'front.8' : tones.warning}
        >
          {dt(`doc.reg.status.${r.status}`)}
        </Badge>
      ),
    },
    { key: 'note', header: dt('doc.reg.note'), render: (r) => r.note ?? '—' },
    { key: 'at', header: dt('doc.reg.takenAt'), render: (r) => formatDateTime(r.takenAt) },
  ];
  const typeColumns: Column<DocumentType>[] = [
    { key: 'name', header: t('common.name'), primary: true, render: (r) => r.name },
    { key: 'code', header: dt('doc.reg.typeCode'), render: (r) => r.code ?? '—' },
    {
      key: 'scope',
      header: dt('doc.reg.typeScope'),
      render: (r) => (r.unitId ? dt('doc.reg.typeOwn') : dt('doc.reg.typeGlobal')),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader title={dt('doc.reg.title')} description={me.activeUnit.name} />
      <DocumentsNav />
      <ErrorAlert error={registers.error} />
      <Paper withBorder p="md" component="section" aria-label={dt('doc.reg.register')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="sm">
          <Select
            label={dt('doc.reg.register')}
            allowDeselect={false}
            data={(registers.data ?? []).map((r) => ({
              value: r.id,
              label: `${r.name} (${dt(`doc.reg.kind.${r.kind}`)})`,
            }))}
            value={chosen}
            onChange={setRegisterId}
          />
          <Select
            label={dt('doc.reg.year')}
            allowDeselect={false}
            data={[0, 1, 2, 3].map((back) => String(currentYear - back))}
            value={String(year)}
            onChange={(v) => setYear(Number(v ?? currentYear))}
          />
        </SimpleGrid>
        {chosen && (
          <RegisterPrintButtons
            registerId={chosen}
            kind={registers.data?.find((r) => r.id === chosen)?.kind ?? ''}
            year={year}
          />
        )}
        {chosen && can(me, 'documents.issue') && <Reserve registerId={chosen} />}
        <ErrorAlert error={numbers.error} />
        {numbers.data && (
          <DataTable
            caption={pick('Các số đã lấy', 'Numbers taken')}
            columns={numberColumns}
            rows={numbers.data}
            rowKey={(r) => `${r.year}-${r.number}`}
            empty={dt('doc.reg.noNumbers')}
          />
        )}
      </Paper>
      <Paper withBorder p="md" component="section" aria-label={dt('doc.reg.types')}>
        <Title order={2} size="h4" mb="sm">
          {dt('doc.reg.types')}
        </Title>
        <ErrorAlert error={types.error} />
        {types.data && (
          <DataTable
            caption={dt('doc.reg.types')}
            columns={typeColumns}
            rows={types.data}
            rowKey={(r) => r.id}
          />
        )}
      </Paper>
    </Stack>
  );
}
