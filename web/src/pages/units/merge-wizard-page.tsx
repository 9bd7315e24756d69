import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Radio,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type {
  ReorganisationPreview,
  ReorganisationRequest,
  ReorganisationResult,
  UnitLink,
} from '@mts/contracts';
import { IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { organisationPaths, previewReorganisation, useApplyReorganisation } from '../../api/organisation.ts';
import { ErrorAlert, fieldError } from '../../components/error-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import {
  type Decision,
  DecisionFields,
  decisionBody,
  decisionMissing,
  emptyDecision,
  PreviewView,
} from './reorganisation-parts.tsx';

type SuccessorMode = 'new' | 'existing';

/** Hợp nhất: choose units, the successor, the decision; preview what changes; confirm. */
export default function MergeWizardPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const firstId = params.get('unit');
  const first = useQuery({
    queryKey: ['units', 'detail', firstId],
    queryFn: () => api.get<UnitLink>(organisationPaths.unit(firstId!)),
    enabled: Boolean(firstId),
  });
  const [step, setStep] = useState(0);
  const [units, setUnits] = useState<UnitLink[]>([]);
  const [seeded, setSeeded] = useState(false);
  const [picker, setPicker] = useState<string | null>(null);
  const [mode, setMode] = useState<SuccessorMode>('new');
  const [existingId, setExistingId] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [newParentId, setNewParentId] = useState<string | null>(null);
  const [moveStaff, setMoveStaff] = useState(true);
  const [internalBodies, setInternalBodies] = useState<'move' | 'retire'>('move');
  const [decision, setDecision] = useState<Decision>(emptyDecision(todayIso()));
  const [checked, setChecked] = useState<Record<number, boolean>>({});
  const [preview, setPreview] = useState<ReorganisationPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const [result, setResult] = useState<ReorganisationResult | null>(null);
  const apply = useApplyReorganisation();
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });

  if (first.data && !seeded) {
    setSeeded(true);
    setUnits([
      {
        id: first.data.id,
        name: first.data.name,
        shortName: first.data.shortName,
        status: first.data.status,
      },
    ]);
  }

  const request = (): ReorganisationRequest => {
    const target =
      mode === 'existing'
        ? { mode: 'existing' as const, unitId: existingId! }
        : {
            mode: 'new' as const,
            unit: { name: newName.trim(), ...(newParentId ? { parentId: newParentId } : {}) },
          };
    return {
      kind: 'merge',
      sourceIds: units.map((u) => u.id).filter((id) => mode === 'new' || id !== existingId),
      target,
      moveStaff,
      internalBodies,
      ...decisionBody(decision),
    };
  };

  const stepValid = (index: number): boolean => {
    if (index === 0) return units.length >= 2;
    if (index === 1) return mode === 'existing' ? Boolean(existingId) : newName.trim().length >= 2;
    if (index === 2) return !Object.values(decisionMissing(decision)).some(Boolean);
    return true;
  };

  const runPreview = async () => {
    setPreviewing(true);
    setPreviewError(null);
    setPreview(null);
    try {
      setPreview(await previewReorganisation(request()));
    } catch (error) {
      setPreviewError(error);
    } finally {
      setPreviewing(false);
    }
  };

  const next = async () => {
    setChecked({ ...checked, [step]: true });
    if (!stepValid(step)) return;
    if (step === 2) await runPreview();
    setStep(step + 1);
  };

  const confirm = () =>
    apply.mutate(request(), {
      onSuccess: (done) => {
        setResult(done);
        setStep(4);
      },
    });

  const successorId = result ? (mode === 'existing' ? existingId : result.createdIds[0]) : null;

  return (
    <Stack gap="md" maw={900}>
      <PageHeader title={t('reorg.mergeTitle')} />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stepper
          active={step}
          onStepClick={(index) => index < step && step < 4 && setStep(index)}
          allowNextStepsSelect={false}
          size="sm"
          orientation={narrow ? 'vertical' : 'horizontal'}
          styles={{ steps: { flexWrap: 'wrap', rowGap: 8 } }}
        >
          <Stepper.Step label={t('reorg.stepUnits')}>
            <Stack gap="sm" mt="md">
              <Title order={2} size="h4">
                {t('reorg.mergeUnits')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('reorg.mergeUnitsHint')}
              </Text>
              {units.length > 0 && (
                <List listStyleType="none" spacing={4} aria-label={t('reorg.mergeUnits')}>
                  {units.map((unit) => (
                    <List.Item key={unit.id}>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm" style={{ flex: 1 }}>
                          {unit.name}
                        </Text>
                        <ActionIcon
                          variant="subtle"
                          color="red.9"
                          aria-label={t('reorg.removeUnit', { name: unit.name })}
                          onClick={() => setUnits(units.filter((u) => u.id !== unit.id))}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </List.Item>
                  ))}
                </List>
              )}
              <UnitPicker
                label={t('reorg.addUnit')}
                value={picker}
                excludeIds={units.map((u) => u.id)}
                onChange={(_id, unit) => {
                  if (unit) setUnits([...units, unit]);
                  setPicker(null);
                }}
                error={checked[0] && units.length < 2 ? t('reorg.needTwo') : undefined}
              />
            </Stack>
          </Stepper.Step>

          <Stepper.Step label={t('reorg.stepSuccessor')}>
            <Stack gap="sm" mt="md">
              <Radio.Group
                label={t('reorg.successorMode')}
                value={mode}
                onChange={(value) => setMode(value as SuccessorMode)}
              >
                <Stack gap="xs" mt="xs">
                  <Radio value="new" label={t('reorg.successorNew')} />
                  <Radio value="existing" label={t('reorg.successorExisting')} />
                </Stack>
              </Radio.Group>
              {mode === 'new' ? (
                <>
                  <TextInput
                    label={t('reorg.newName')}
                    required
                    value={newName}
                    onChange={(e) => setNewName(e.currentTarget.value)}
                    error={checked[1] && newName.trim().length < 2 ? t('common.required') : undefined}
                  />
                  <UnitPicker
                    label={t('reorg.newParent')}
                    description={t('common.optional')}
                    value={newParentId}
                    onChange={(id) => setNewParentId(id)}
                  />
                </>
              ) : (
                <Radio.Group
                  label={t('reorg.successorPick')}
                  value={existingId}
                  onChange={setExistingId}
                  error={checked[1] && !existingId ? t('common.required') : undefined}
                >
                  <Stack gap="xs" mt="xs">
                    {units.map((unit) => (
                      <Radio key={unit.id} value={unit.id} label={unit.name} />
                    ))}
                  </Stack>
                </Radio.Group>
              )}
              <Checkbox
                label={t('reorg.moveStaff')}
                checked={moveStaff}
                onChange={(e) => setMoveStaff(e.currentTarget.checked)}
              />
              <Radio.Group
                label={t('reorg.internalBodies')}
                value={internalBodies}
                onChange={(value) => setInternalBodies(value as 'move' | 'retire')}
              >
                <Stack gap="xs" mt="xs">
                  <Radio value="move" label={t('reorg.internalBodies.move')} />
                  <Radio value="retire" label={t('reorg.internalBodies.retire')} />
                </Stack>
              </Radio.Group>
            </Stack>
          </Stepper.Step>

          <Stepper.Step label={t('reorg.stepDecision')}>
            <Stack gap="sm" mt="md">
              <DecisionFields
                value={decision}
                onChange={setDecision}
                checked={Boolean(checked[2])}
                error={previewError}
              />
            </Stack>
          </Stepper.Step>

          <Stepper.Step label={t('reorg.stepPreview')}>
            <Stack gap="sm" mt="md">
              {previewing && <Text role="status">{t('common.loading')}</Text>}
              <ErrorAlert error={previewError} />
              {preview && <PreviewView preview={preview} />}
              <ErrorAlert error={apply.error} />
            </Stack>
          </Stepper.Step>

          <Stepper.Completed>
            <Stack gap="sm" mt="md">
              <Alert color="green" variant="light" role="status">
                {t('reorg.applied')}
              </Alert>
              {successorId && (
                <Button component={Link} to={`/units/${successorId}`} w="fit-content">
                  {t('reorg.viewSuccessor')}
                </Button>
              )}
            </Stack>
          </Stepper.Completed>
        </Stepper>

        {step < 4 && (
          <Group gap="xs" mt="lg">
            {step > 0 && (
              <Button variant="default" onClick={() => setStep(step - 1)}>
                {t('common.back')}
              </Button>
            )}
            {step < 3 && (
              <Button onClick={() => void next()} loading={previewing}>
                {step === 2 ? t('reorg.preview') : t('common.next')}
              </Button>
            )}
            {step === 3 && (
              <Button onClick={confirm} loading={apply.isPending} disabled={!preview}>
                {t('reorg.apply')}
              </Button>
            )}
            <Button component={Link} to="/units" variant="subtle">
              {t('common.cancel')}
            </Button>
          </Group>
        )}
        {fieldError(previewError, 'sourceIds') && (
          <Text c="red.9" size="sm">
            {fieldError(previewError, 'sourceIds')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
