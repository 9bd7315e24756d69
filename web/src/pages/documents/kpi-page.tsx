import { Box, Group, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import type { DocumentKpi } from '@mts/contracts';
import { useDocumentKpis } from '../../api/document-files.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorAlert } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useDocI18n } from './doc-i18n.ts';
import { DocumentsNav, useUrlState } from './parts.tsx';

type Figures = DocumentKpi['total'];

const share = (value: number | null) =>
  value === null ? '—' : `${(value * 100).toFixed(1).replace('.', ',')} %`;

/** Digitisation KPIs for the scorecard, per sub-unit or per month, of the active unit's subtree. */
export default function KpiPage() {
  const { dt, t } = useDocI18n();
  const { params, setParam } = useUrlState();
  const groupBy = params.get('groupBy') === 'month' ? 'month' : 'unit';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const kpis = useDocumentKpis({ groupBy, from: from || undefined, to: to || undefined });
  const cells = (f: Figures) => (
    <>
      <Table.Td>{f.incoming}</Table.Td>
      <Table.Td>
        {f.incomingDigitised} ({share(f.incomingDigitisedShare)})
      </Table.Td>
      <Table.Td>
        {f.incomingSearchable} ({share(f.incomingSearchableShare)})
      </Table.Td>
      <Table.Td>{f.outgoing}</Table.Td>
      <Table.Td>
        {f.outgoingElectronic} ({share(f.outgoingElectronicShare)})
      </Table.Td>
    </>
  );
  return (
    <Stack gap="md">
      <PageHeader title={dt('doc.kpi')} />
      <DocumentsNav />
      <Paper withBorder p="sm" role="search" aria-label={t('common.filter')}>
        <Group gap="sm" wrap="wrap" align="flex-end">
          <DateField
            label={t('common.from')}
            value={from}
            onChange={(iso) => setParam('from', iso)}
            w={160}
          />
          <DateField label={t('common.to')} value={to} onChange={(iso) => setParam('to', iso)} w={160} />
          <Stack gap={2}>
            <Text size="sm" fw={500} id="kpi-group">
              {dt('doc.kpi.groupBy')}
            </Text>
            <SegmentedControl
              aria-labelledby="kpi-group"
              value={groupBy}
              onChange={(value) => setParam('groupBy', value)}
              data={[
                { value: 'unit', label: dt('doc.kpi.byUnit') },
                { value: 'month', label: dt('doc.kpi.byMonth') },
              ]}
            />
          </Stack>
        </Group>
      </Paper>
      <ErrorAlert error={kpis.error} />
      {kpis.data && (
        <>
          <Text size="sm" c="dimmed">
            {dt('doc.kpi.period', { from: formatDate(kpis.data.from), to: formatDate(kpis.data.to) })}
          </Text>
          {/* Focusable: on a phone the table scrolls sideways, and keyboards must reach it too. */}
          <Box
            role="group"
            className="table-scroll"
            aria-busy={kpis.isFetching}
            tabIndex={0}
            aria-label={dt('doc.kpi')}
          >
            <Table striped verticalSpacing="xs" data-testid="document-kpis">
              <caption style={{ captionSide: 'top', textAlign: 'left' }}>{dt('doc.kpi')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">
                    {groupBy === 'unit' ? dt('doc.kpi.unit') : dt('doc.kpi.month')}
                  </Table.Th>
                  <Table.Th scope="col">{dt('doc.kpi.incoming')}</Table.Th>
                  <Table.Th scope="col">{dt('doc.kpi.incomingDigitised')}</Table.Th>
                  <Table.Th scope="col">{dt('doc.kpi.incomingSearchable')}</Table.Th>
                  <Table.Th scope="col">{dt('doc.kpi.outgoing')}</Table.Th>
                  <Table.Th scope="col">{dt('doc.kpi.outgoingElectronic')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {kpis.data.rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>{dt('doc.kpi.empty')}</Table.Td>
                  </Table.Tr>
                )}
                {kpis.data.rows.map((row) => (
                  <Table.Tr key={row.unitId ?? row.month ?? ''}>
                    <Table.Th scope="row" fw={400}>
                      {row.unitName ?? row.month ?? '—'}
                    </Table.Th>
                    {cells(row)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row">{dt('doc.kpi.total')}</Table.Th>
                  {cells(kpis.data.total)}
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Box>
        </>
      )}
      {kpis.isPending && !kpis.error && <div role="status">{t('common.loading')}</div>}
    </Stack>
  );
}
