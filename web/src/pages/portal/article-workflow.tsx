import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { type PortalArticle, useArticleAction, type WorkflowAction } from '../../api/portal.ts';
import { can, useMe } from '../../auth/use-me.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { usePortalI18n } from './portal-i18n.ts';

/** "2026-12-01T08:30" typed in a datetime-local field, read as Vietnam time (+07:00). */
function vietnamInstant(local: string): string | undefined {
  return local ? `${local.length === 16 ? `${local}:00` : local}+07:00` : undefined;
}

/**
 * The workflow buttons an article's status and the person's permissions allow (the server checks
 * again): submit, approve, return with a reason, publish now or at a time, unpublish, republish.
 */
export function ArticleWorkflow({ article }: { article: PortalArticle }) {
  const { pt } = usePortalI18n();
  const me = useMe().data;
  const action = useArticleAction();
  const [dialog, setDialog] = useState<'return' | 'unpublish' | 'publish' | null>(null);
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [at, setAt] = useState('');

  const run = (name: WorkflowAction, body?: { reason?: string; at?: string }) =>
    action.mutate(
      { id: article.id, action: name, body },
      {
        onSuccess: () => {
          close();
          setReason('');
          setAt('');
          notifications.show({ color: 'green', message: pt('po.wf.done') });
        },
      },
    );
  const ask = (which: 'return' | 'unpublish' | 'publish') => {
    action.reset();
    setDialog(which);
    open();
  };

  const status = article.status;
  const write = can(me, 'portal.write');
  const approve = can(me, 'portal.approve');
  const publish = can(me, 'portal.publish');
  const busy = action.isPending;

  return (
    <>
      <Group gap="xs" wrap="wrap">
        {write && status === 'draft' && (
          <Button onClick={() => run('submit')} loading={busy}>
            {pt('po.wf.submit')}
          </Button>
        )}
        {approve && status === 'review' && (
          <Button onClick={() => run('approve')} loading={busy}>
            {pt('po.wf.approve')}
          </Button>
        )}
        {approve && (status === 'review' || status === 'approved') && (
          <Button variant="default" onClick={() => ask('return')}>
            {pt('po.wf.return')}
          </Button>
        )}
        {publish && status === 'approved' && (
          <Button color="green" onClick={() => ask('publish')}>
            {pt('po.wf.publish')}
          </Button>
        )}
        {publish && (status === 'published' || status === 'scheduled') && (
          <Button color="red.9" variant="light" onClick={() => ask('unpublish')}>
            {pt('po.wf.unpublish')}
          </Button>
        )}
        {publish && status === 'unpublished' && (
          <Button color="green" onClick={() => run('republish')} loading={busy}>
            {pt('po.wf.republish')}
          </Button>
        )}
      </Group>
      {!opened && <ErrorAlert error={action.error} />}
      <Modal
        opened={opened}
        onClose={close}
        title={
          dialog === 'return'
            ? pt('po.wf.returnTitle')
            : dialog === 'unpublish'
              ? pt('po.wf.unpublishTitle')
              : pt('po.wf.publish')
        }
      >
        <Stack
          gap="sm"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (dialog === 'publish') run('publish', { at: vietnamInstant(at) });
            else if (dialog) run(dialog, { reason });
          }}
        >
          {dialog === 'publish' ? (
            <TextInput
              type="datetime-local"
              label={pt('po.f.at')}
              description={pt('po.f.atHint')}
              value={at}
              onChange={(e) => setAt(e.currentTarget.value)}
            />
          ) : (
            <Textarea
              label={pt('po.f.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              autosize
              minRows={2}
              maxLength={1000}
              data-autofocus
            />
          )}
          <ErrorAlert error={action.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy} color={dialog === 'publish' ? 'green' : 'red.9'}>
              {dialog === 'publish'
                ? at
                  ? pt('po.wf.schedule')
                  : pt('po.wf.publishNow')
                : dialog === 'return'
                  ? pt('po.wf.return')
                  : pt('po.wf.unpublish')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
