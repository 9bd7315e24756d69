import {
  Badge,
  Box,
  Button,
  FileInput,
  Group,
  Image,
  Modal,
  NumberInput,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SignatureImage, SigningCredential } from '@mts/contracts';
import { IconUpload } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { NavLink as RouterNavLink } from 'react-router';
import { ApiError } from '../../api/client.ts';
import {
  type CredentialOwner,
  signatureImageUrls,
  useChangePin,
  useCredentials,
  useDisableCredential,
  useSignatureImage,
  useUploadCredential,
  useUploadSignatureImage,
} from '../../api/signatures.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorAlert, ErrorState } from '../../components/error-state.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDate } from '../../i18n/format.ts';
import type { Translate } from '../../i18n/i18n.tsx';
import { tones } from '../../tones.ts';
import { useSigI18n } from './signatures-i18n.ts';

/** Certificates expiring within this many days get an "expires soon" badge. */
const SOON_DAYS = 30;
const DAY_MS = 86_400_000;

/** A green "done" notice whose close button is named (axe: button-name). */
export function notifyDone(t: Translate, message: string) {
  notifications.show({ color: 'green', message, closeButtonProps: { 'aria-label': t('common.close') } });
}

/** The digital-signature pages a person may open, as tabs under the page heading. */
export function SignaturesNav() {
  const { st } = useSigI18n();
  const me = useMe().data;
  const links: Array<[string, string]> = [];
  if (can(me, 'signatures.manage_own')) links.push(['/signatures/mine', st('sig.mine.nav')]);
  if (can(me, 'signatures.manage_unit')) links.push(['/signatures/unit', st('sig.unit.nav')]);
  if (can(me, 'signatures.admin')) links.push(['/signatures/trust-anchors', st('sig.anchors.title')]);
  links.push(['/signatures/verify', st('sig.verify.nav')]);
  return (
    <Group component="nav" aria-label={st('sig.sections')} gap="xs" mb="sm" wrap="wrap">
      {links.map(([to, label]) => (
        <RouterNavLink key={to} to={to}>
          {({ isActive }) => (
            <Badge
              size="lg"
              variant={isActive ? 'filled' : 'outline'}
              color="front.8"
              style={{ cursor: 'pointer', textTransform: 'none' }}
              component="span"
            >
              {label}
            </Badge>
          )}
        </RouterNavLink>
      ))}
    </Group>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** Long values (distinguished names, fingerprints) wrap anywhere so a phone never scrolls sideways. */
const wrapAnywhere = { overflowWrap: 'anywhere' as const, wordBreak: 'break-word' as const };

const nameOf = (c: SigningCredential) => c.label || c.subject;

function ValidityBadge({ credential }: { credential: SigningCredential }) {
  const { st } = useSigI18n();
  const now = Date.now();
  const until = new Date(credential.notAfter).getTime();
  if (until <= now) return <Badge color="red.9">{st('sig.cred.expired')}</Badge>;
  if (new Date(credential.notBefore).getTime() > now)
    return <Badge color={tones.warning}>{st('sig.cred.notYetValid')}</Badge>;
  const days = Math.ceil((until - now) / DAY_MS);
  if (days <= SOON_DAYS) return <Badge color={tones.warning}>{st('sig.cred.expiresSoon', { days })}</Badge>;
  return null;
}

const statusColour = { active: tones.success, revoked: 'red.9', disabled: 'gray.8' } as const;

/** A person's or a unit's certificates: the facts of each, change its PIN, disable it; add a .p12. */
export function CredentialsSection({ owner, title }: { owner: CredentialOwner; title: string }) {
  const { st, t } = useSigI18n();
  const credentials = useCredentials(owner);
  const disable = useDisableCredential();
  const [pinFor, setPinFor] = useState<SigningCredential | null>(null);
  const columns: Column<SigningCredential>[] = [
    {
      key: 'subject',
      header: st('sig.cred.subject'),
      primary: true,
      render: (c) => (
        <Stack gap={2}>
          {c.label && <span style={wrapAnywhere}>{c.label}</span>}
          <Text size="sm" fw={c.label ? 400 : 600} style={wrapAnywhere}>
            {c.subject}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'issuer',
      header: st('sig.cred.issuer'),
      render: (c) => <span style={wrapAnywhere}>{c.issuer}</span>,
    },
    {
      key: 'validity',
      header: st('sig.cred.validity'),
      render: (c) => (
        <Group gap={6} wrap="wrap">
          <span>
            {st('sig.cred.validRange', { from: formatDate(c.notBefore), to: formatDate(c.notAfter) })}
          </span>
          <ValidityBadge credential={c} />
        </Group>
      ),
    },
    {
      key: 'provider',
      header: st('sig.cred.provider'),
      render: (c) =>
        c.provider === 'remote'
          ? `${st('sig.cred.provider.remote')}${c.remoteProvider ? ` · ${c.remoteProvider}` : ''}`
          : st('sig.cred.provider.local'),
    },
    {
      key: 'status',
      header: st('sig.cred.status'),
      render: (c) => <Badge color={statusColour[c.status]}>{st(`sig.cred.status.${c.status}`)}</Badge>,
    },
    {
      key: 'actions',
      header: st('sig.cred.actions'),
      actions: true,
      render: (c) =>
        c.status !== 'active' ? null : (
          <Group gap="xs" wrap="wrap">
            {c.provider === 'local' && (
              <Button
                size="compact-sm"
                variant="default"
                aria-label={st('sig.cred.changePinOf', { name: nameOf(c) })}
                onClick={() => setPinFor(c)}
              >
                {st('sig.cred.changePin')}
              </Button>
            )}
            <ConfirmButton
              size="compact-sm"
              variant="default"
              title={st('sig.cred.disable')}
              message={st('sig.cred.disableMessage', { name: nameOf(c) })}
              confirmLabel={st('sig.cred.disable')}
              aria-label={st('sig.cred.disableOf', { name: nameOf(c) })}
              onConfirm={() =>
                disable.mutate(c.id, {
                  onSuccess: () => notifyDone(t, st('sig.cred.disabled')),
                })
              }
            >
              {st('sig.cred.disable')}
            </ConfirmButton>
          </Group>
        ),
    },
  ];
  const id = owner === 'mine' ? 'my-credentials' : 'unit-credentials';
  return (
    <Section id={id} title={title}>
      {credentials.isPending ? (
        <Loading />
      ) : credentials.error ? (
        <ErrorState error={credentials.error} onRetry={() => credentials.refetch()} />
      ) : (
        <DataTable
          caption={title}
          columns={columns}
          rows={credentials.data}
          rowKey={(c) => c.id}
          empty={st('sig.cred.empty')}
          testId={id}
        />
      )}
      <ErrorAlert error={disable.error} />
      <UploadCredentialForm owner={owner} />
      <ChangePinModal credential={pinFor} onClose={() => setPinFor(null)} />
    </Section>
  );
}

/** The server's reason for a refused keystore, shown at the field it concerns. */
function keystoreErrors(error: unknown): { file?: string; pin?: string; other?: unknown } {
  if (!(error instanceof ApiError)) return { other: error };
  const fields = error.fieldErrors();
  if (fields.pin) return { pin: fields.pin };
  const reason = error.details?.reason;
  if (reason === 'WRONG_PIN' || reason === 'EMPTY_PIN') return { pin: error.message };
  if (error.status === 400 || error.status === 413 || error.status === 415) return { file: error.message };
  return { other: error };
}

function UploadCredentialForm({ owner }: { owner: CredentialOwner }) {
  const { st, t } = useSigI18n();
  const upload = useUploadCredential(owner);
  const [file, setFile] = useState<File | null>(null);
  const [pin, setPin] = useState('');
  const [label, setLabel] = useState('');
  const [missingFile, setMissingFile] = useState(false);
  const errors = keystoreErrors(upload.error);
  const prefix = owner === 'mine' ? 'mine' : 'unit';
  return (
    <form
      aria-labelledby={`${prefix}-add-credential`}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (!file) {
          setMissingFile(true);
          return;
        }
        upload.mutate(
          { file, pin, label: label.trim() || undefined },
          {
            onSuccess: (created) => {
              notifyDone(t, st('sig.cred.added', { name: nameOf(created) }));
              setFile(null);
              setLabel('');
            },
            onSettled: () => setPin(''),
          },
        );
      }}
    >
      <Stack gap="xs">
        <Title order={3} size="h5" id={`${prefix}-add-credential`}>
          {st('sig.cred.add')}
        </Title>
        <FileInput
          label={st('sig.cred.file')}
          accept=".p12,.pfx,application/x-pkcs12"
          required
          clearable
          clearButtonProps={{ 'aria-label': st('sig.clearFile') }}
          leftSection={<IconUpload size={16} aria-hidden />}
          value={file}
          onChange={(next) => {
            setFile(next);
            setMissingFile(false);
            upload.reset();
          }}
          error={errors.file ?? (missingFile ? st('sig.cred.chooseFile') : undefined)}
        />
        <PasswordInput
          label={st('sig.cred.pin')}
          description={st('sig.cred.pinHint')}
          required
          autoComplete="off"
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value)}
          error={errors.pin}
        />
        <TextInput
          label={st('sig.cred.label')}
          maxLength={200}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        <ErrorAlert error={errors.other} />
        <Button type="submit" w="fit-content" loading={upload.isPending} disabled={!pin}>
          {st('sig.cred.upload')}
        </Button>
      </Stack>
    </form>
  );
}

function ChangePinModal({
  credential,
  onClose,
}: {
  credential: SigningCredential | null;
  onClose: () => void;
}) {
  const { st, t } = useSigI18n();
  const change = useChangePin();
  const [currentPin, setCurrentPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const close = () => {
    setCurrentPin('');
    setNewPin('');
    setConfirm('');
    change.reset();
    onClose();
  };
  const error = change.error instanceof ApiError ? change.error : null;
  const fields = error?.fieldErrors() ?? {};
  const wrongPin = error?.details?.reason === 'WRONG_PIN' ? error.message : undefined;
  const handled = Boolean(fields.currentPin || fields.newPin || wrongPin);
  const mismatch = confirm.length > 0 && confirm !== newPin;
  return (
    // Composed by hand so the header is not a second page banner and the close button has a name.
    <Modal.Root opened={credential !== null} onClose={close} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={650}>
            {credential ? st('sig.cred.changePinOf', { name: nameOf(credential) }) : ''}
          </Modal.Title>
          <Modal.CloseButton aria-label={t('common.close')} />
        </Modal.Header>
        <Modal.Body>
          <form
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              if (!credential || mismatch) return;
              change.mutate(
                { id: credential.id, currentPin, newPin },
                {
                  onSuccess: () => {
                    notifyDone(t, st('sig.cred.pinChanged'));
                    close();
                  },
                },
              );
            }}
          >
            <Stack gap="sm">
              <PasswordInput
                label={st('sig.cred.currentPin')}
                required
                autoComplete="off"
                data-autofocus
                value={currentPin}
                onChange={(e) => setCurrentPin(e.currentTarget.value)}
                error={fields.currentPin ?? wrongPin}
              />
              <PasswordInput
                label={st('sig.cred.newPin')}
                required
                minLength={6}
                autoComplete="off"
                value={newPin}
                onChange={(e) => setNewPin(e.currentTarget.value)}
                error={fields.newPin}
              />
              <PasswordInput
                label={st('sig.cred.confirmPin')}
                required
                autoComplete="off"
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                error={mismatch ? st('sig.cred.pinMismatch') : undefined}
              />
              {!handled && <ErrorAlert error={change.error} />}
              <Group justify="flex-end" gap="xs">
                <Button variant="default" onClick={close}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={change.isPending} disabled={mismatch}>
                  {st('sig.cred.changePin')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

/** A checkerboard behind the image, so its transparent parts show as such. */
const checkerboard = {
  backgroundColor: '#fff',
  backgroundImage:
    'linear-gradient(45deg, #d0d0d0 25%, transparent 25%), linear-gradient(-45deg, #d0d0d0 25%, transparent 25%), linear-gradient(45deg, transparent 75%, #d0d0d0 75%), linear-gradient(-45deg, transparent 75%, #d0d0d0 75%)',
  backgroundSize: '16px 16px',
  backgroundPosition: '0 0, 0 8px, 8px -8px, -8px 0',
};

function ImagePreview({ image, src, alt }: { image: SignatureImage; src: string; alt: string }) {
  const { st } = useSigI18n();
  return (
    <Stack gap={4}>
      <Box
        p="sm"
        style={{ ...checkerboard, border: '1px solid var(--mantine-color-gray-4)', maxWidth: '100%' }}
        w="fit-content"
        data-testid="signature-image-preview"
      >
        <Image src={src} alt={alt} fit="contain" mah={180} maw="100%" w="auto" />
      </Box>
      <Text size="xs" c="dimmed">
        {st('sig.image.checker')} {st('sig.image.size', { width: image.width, height: image.height })}
        {image.diameterMm !== null && ` · ${st('sig.image.diameterShown', { mm: image.diameterMm })}`}
      </Text>
    </Stack>
  );
}

/** The server's refusal of an image (not transparent, not a PNG…), shown at the file field. */
function imageError(error: unknown): { field?: string; other?: unknown } {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    const fields = error.fieldErrors();
    if (fields.diameterMm) return {};
    return { field: error.message };
  }
  return { other: error };
}

/** My signature image: the current one on a checkerboard, and a PNG field that uploads at once. */
export function MySignatureImageSection() {
  const { st, t } = useSigI18n();
  const current = useSignatureImage('mine');
  const upload = useUploadSignatureImage('mine');
  const [file, setFile] = useState<File | null>(null);
  const errors = imageError(upload.error);
  const image = current.data?.image ?? null;
  return (
    <Section id="my-signature-image" title={st('sig.image.mineTitle')}>
      <Text size="sm" c="dimmed">
        {st('sig.image.mineHint')}
      </Text>
      {current.isPending ? (
        <Loading />
      ) : current.error ? (
        <ErrorAlert error={current.error} />
      ) : image ? (
        <ImagePreview image={image} src={signatureImageUrls.mine(image)} alt={st('sig.image.mineAlt')} />
      ) : (
        <Text size="sm">{st('sig.image.none')}</Text>
      )}
      <FileInput
        label={st('sig.image.file')}
        accept="image/png"
        clearable
        clearButtonProps={{ 'aria-label': st('sig.clearFile') }}
        leftSection={<IconUpload size={16} aria-hidden />}
        value={file}
        disabled={upload.isPending}
        error={errors.field}
        onChange={(next) => {
          setFile(next);
          upload.reset();
          if (!next) return;
          upload.mutate(
            { file: next },
            {
              onSuccess: () => {
                notifyDone(t, st('sig.image.saved'));
                setFile(null);
              },
            },
          );
        }}
      />
      {upload.isPending && (
        <Text size="sm" role="status">
          {st('sig.image.uploading')}
        </Text>
      )}
      <ErrorAlert error={errors.other} />
    </Section>
  );
}

/** A unit's seal image with its real diameter (printed at that size on issued documents). */
export function SealImageSection({ unitId }: { unitId: string }) {
  const { st, t } = useSigI18n();
  const current = useSignatureImage({ unitId });
  const upload = useUploadSignatureImage({ unitId });
  const [file, setFile] = useState<File | null>(null);
  const [diameter, setDiameter] = useState<number | string>('');
  const image = current.data?.image ?? null;
  const errors = imageError(upload.error);
  const diameterError = upload.error instanceof ApiError ? upload.error.fieldErrors().diameterMm : undefined;
  return (
    <Section id="seal-image" title={st('sig.image.sealTitle')}>
      <Text size="sm" c="dimmed">
        {st('sig.image.sealHint')}
      </Text>
      {current.isPending ? (
        <Loading />
      ) : current.error ? (
        <ErrorAlert error={current.error} />
      ) : image ? (
        <ImagePreview
          image={image}
          src={signatureImageUrls.byId(image)}
          alt={st('sig.image.sealAlt', { mm: image.diameterMm ?? '?' })}
        />
      ) : (
        <Text size="sm">{st('sig.image.none')}</Text>
      )}
      <form
        aria-label={st('sig.image.saveSeal')}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (!file) return;
          upload.mutate(
            { file, diameterMm: typeof diameter === 'number' ? diameter : Number(diameter) },
            {
              onSuccess: () => {
                notifyDone(t, st('sig.image.saved'));
                setFile(null);
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          <FileInput
            label={st('sig.image.sealFile')}
            accept="image/png"
            required
            clearable
            clearButtonProps={{ 'aria-label': st('sig.clearFile') }}
            leftSection={<IconUpload size={16} aria-hidden />}
            value={file}
            error={errors.field}
            onChange={(next) => {
              setFile(next);
              upload.reset();
            }}
          />
          <NumberInput
            label={st('sig.image.diameter')}
            required
            min={20}
            max={60}
            step={1}
            decimalScale={1}
            w={{ base: '100%', xs: 260 }}
            value={diameter}
            onChange={setDiameter}
            error={diameterError}
          />
          <ErrorAlert error={errors.other} />
          <Button
            type="submit"
            w="fit-content"
            loading={upload.isPending}
            disabled={!file || diameter === ''}
          >
            {st('sig.image.saveSeal')}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}
