import type { FastifyInstance } from 'fastify';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import { ownedByUnit } from '../../../platform/policy/index.ts';
import { ARCHIVE_NOTICE_CRON, ARCHIVE_NOTICE_QUEUE, createArchiveNotices } from './archive-notice.ts';
import { registerFileRoutes } from './files.routes.ts';
import { createFilesService } from './files.service.ts';

export { ARCHIVE_NOTICE_QUEUE } from './archive-notice.ts';
export * from './files.schema.ts';

/**
 * Files (hồ sơ): registers the `document_file` resource kind and the daily archive-notice sweep
 * (a pg-boss schedule; its data may name `today`, as tests do).
 */
export function createDocumentFiles(deps: Pick<PlatformDeps, 'db' | 'mailer' | 'jobs' | 'resources'>) {
  deps.resources.register('document_file', ownedByUnit('record_file'));
  const files = createFilesService(deps);
  const notices = createArchiveNotices(deps);
  deps.jobs.define<{ today?: string }>(ARCHIVE_NOTICE_QUEUE, async ({ today }) => {
    await notices.sweep(today);
  });
  deps.jobs.schedule(ARCHIVE_NOTICE_QUEUE, ARCHIVE_NOTICE_CRON, { tz: 'Asia/Ho_Chi_Minh' });
  return {
    files,
    notices,
    registerRoutes: (app: FastifyInstance) => registerFileRoutes(app, { files, notices }),
  };
}

export type DocumentFiles = ReturnType<typeof createDocumentFiles>;
