import { ActionIcon, Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReorganisationPreview, ReorganisationRequest, UnitDetail } from '@mts/contracts';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { previewReorganisation, useApplyReorganisation, useUnit } from '../../api/organisation.ts';
import { ErrorAlert, ErrorState, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PageFallback } from '../../layout/app-layout.tsx';
import NotFoundPage from '../not-found-page.tsx';
import {
  type Decision,
  DecisionFields,
  decisionBody,
  decisionMissing,
  emptyDecision,
  PreviewView,
} from './reorganisation-parts.tsx';

type Operation = 'rename' | 'move' | 'split';
const operations: Operation[] = ['rename', 'move', 'split'];

export default function ReorganiseFormPage() {
  const { unitId, operation } = useParams();
  const unit = useUnit(unitId);
  if (!operations.includes(operation as Operation)) return <NotFoundPage />;
  if (unit.isPending) return <PageFallback />;
  if (unit.error) return <ErrorState error={unit.error} onRetry={() => void unit.refetch()} />;
  return (
    <ReorganiseForm
      key={`${unit.data.id}-${operation}`}
      unit={unit.data}
      operation={operation as Operation}
    />
  );
}

/** Đổi tên, chuyển trực thuộc, chia tách: fill in, preview, confirm. */
function ReorganiseForm({ unit, operation }: { unit: UnitDetail; operation: Operation }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const apply = useApplyReorganisation();
  const [name, setName] = useState(unit.name);
  const [shortName, setShortName] = useState(unit.shortName ?? '');
  const [newParentId, setNewParentId] = useState<string | null>(null);
  const [parts, setParts] = useState<string[]>(['', '']);
  const [decision, setDecision] = useState<Decision>(emptyDecision(todayIso()));
  const [checked, setChecked] = useState(false);
  const [preview, setPreview] = useState<ReorganisationPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const title = t(`reorg.${operation}Title`);
  const missing = {
    ...decisionMissing(decision),
    name: operation === 'rename' && name.trim().length < 2,
    newParentId: operation === 'move' && !newParentId,
    parts: operation === 'split' && parts.some((p) => p.trim().length < 2),
  };

  const request = (): ReorganisationRequest => {
    const common = decisionBody(decision);
    if (operation === 'rename')
      return {
        kind: 'rename',
        unitId: unit.id,
        name: name.trim(),
        shortName: shortName.trim() || null,
        ...common,
      };
    if (operation === 'move') return { kind: 'move', unitId: unit.id, newParentId: newParentId!, ...common };
    return {
      kind: 'split',
      sourceId: unit.id,
      parts: parts.map((part) => ({ unit: { name: part.trim() }, childIds: [], staffIds: [] })),
      ...common,
    };
  };

  const runPreview = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(missing).some(Boolean)) return;
    setBusy(true);
    setPreviewError(null);
    try {
      setPreview(await previewReorganisation(request()));
      requestAnimationFrame(() => document.getElementById('preview-region')?.focus());
    } catch (error) {
      setPreviewError(error);
    } finally {
      setBusy(false);
    }
  };

  const confirm = () =>
    apply.mutate(request(), {
      onSuccess: (result) => {
        notifications.show({ color: 'green', message: t('reorg.applied') });
        navigate(`/units/${operation === 'split' ? (result.createdIds[0] ?? unit.id) : unit.id}`);
      },
    });

  return (
    <Stack gap="md" maw={820}>
      <PageHeader title={title} description={`${t('reorg.unitLabel')}: ${unit.name}`} />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        {preview ? (
          <Stack gap="md" id="preview-region" tabIndex={-1} style={{ outline: 'none' }}>
            <PreviewView preview={preview} />
            <ErrorAlert error={apply.error} />
            <Group gap="xs">
              <Button onClick={confirm} loading={apply.isPending}>
                {t('reorg.apply')}
              </Button>
              <Button variant="default" onClick={() => setPreview(null)}>
                {t('reorg.editAgain')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <form onSubmit={runPreview} noValidate>
            <Stack gap="sm">
              <ErrorAlert error={previewError} />
              {operation === 'rename' && (
                <>
                  <TextInput
                    label={t('units.name')}
                    required
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                    error={checked && missing.name ? t('common.required') : fieldError(previewError, 'name')}
                  />
                  <TextInput
                    label={t('units.shortName')}
                    value={shortName}
                    onChange={(e) => setShortName(e.currentTarget.value)}
                  />
                </>
              )}
              {operation === 'move' && (
                <UnitPicker
                  label={t('reorg.newParentFor')}
                  required
                  value={newParentId}
                  excludeIds={[unit.id]}
                  onChange={(id) => setNewParentId(id)}
                  error={
                    checked && missing.newParentId
                      ? t('common.required')
                      : fieldError(previewError, 'newParentId')
                  }
                />
              )}
              {operation === 'split' && (
                <Stack gap="xs">
                  <Text fw={600} size="sm">
                    {t('reorg.parts')}
                  </Text>
                  <Alert color="blue" variant="light" p="xs">
                    {t('reorg.splitNote')}
                  </Alert>
                  {parts.map((part, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity but their position
                    <Group key={index} gap="xs" wrap="nowrap" align="flex-end">
                      <TextInput
                        style={{ flex: 1 }}
                        label={t('reorg.partName', { n: index + 1 })}
                        required
                        value={part}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setParts(parts.map((p, i) => (i === index ? value : p)));
                        }}
                        error={checked && part.trim().length < 2 ? t('common.required') : undefined}
                      />
                      {parts.length > 2 && (
                        <ActionIcon
                          variant="subtle"
                          color="red.9"
                          size="lg"
                          mb={checked && part.trim().length < 2 ? 22 : 0}
                          aria-label={t('reorg.removePart', { n: index + 1 })}
                          onClick={() => setParts(parts.filter((_, i) => i !== index))}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      )}
                    </Group>
                  ))}
                  <Button
                    variant="default"
                    size="xs"
                    w="fit-content"
                    leftSection={<IconPlus size={14} aria-hidden />}
                    onClick={() => setParts([...parts, ''])}
                  >
                    {t('reorg.addPart')}
                  </Button>
                </Stack>
              )}
              <DecisionFields
                value={decision}
                onChange={setDecision}
                checked={checked}
                error={previewError}
              />
              <Group gap="xs" mt="sm">
                <Button type="submit" loading={busy}>
                  {t('reorg.preview')}
                </Button>
                <Button component={Link} to={`/units/${unit.id}`} variant="default">
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Paper>
    </Stack>
  );
}
