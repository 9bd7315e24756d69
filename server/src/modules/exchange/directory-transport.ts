import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { systemAuditContext } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ExchangeService } from './exchange.service.ts';

export interface DirectoryScanResult {
  processed: string[];
  rejected: string[];
  /** Left in incoming/ for the next scan (no receiver registered yet, or a passing failure). */
  deferred: string[];
}

/**
 * The directory drop: another system (or an LGSP connector) writes `<name>.xml` into
 * `<root>/incoming/` — as `<name>.xml.tmp` first, then renamed, so a half-written file is never
 * read. Each scan claims a file by renaming it into `work/` (atomic: with several instances only
 * one wins), hands it to the exchange service, then moves it to `processed/`, or to `rejected/`
 * beside a `<name>.xml.reason.txt` saying why in Vietnamese and English.
 */
export function createDirectoryTransport(root: string, exchange: Pick<ExchangeService, 'receive'>) {
  const folders = {
    incoming: path.join(root, 'incoming'),
    work: path.join(root, 'work'),
    processed: path.join(root, 'processed'),
    rejected: path.join(root, 'rejected'),
  };

  async function ensureFolders() {
    for (const folder of Object.values(folders)) await mkdir(folder, { recursive: true });
  }

  /** A name not yet used in `folder` (a sender may drop the same file name twice). */
  async function freeName(folder: string, name: string) {
    const taken = new Set(await readdir(folder));
    if (!taken.has(name)) return name;
    for (let i = 1; ; i++) {
      const candidate = name.replace(/\.xml$/i, `.${i}.xml`);
      if (!taken.has(candidate)) return candidate;
    }
  }

  async function scan(): Promise<DirectoryScanResult> {
    await ensureFolders();
    const result: DirectoryScanResult = { processed: [], rejected: [], deferred: [] };
    const names = (await readdir(folders.incoming)).filter((n) => n.toLowerCase().endsWith('.xml')).sort();
    for (const name of names) {
      const claimed = path.join(folders.work, `${process.pid}-${Date.now()}-${name}`);
      try {
        await rename(path.join(folders.incoming, name), claimed);
      } catch {
        continue; // another instance took it
      }
      try {
        await exchange.receive(await readFile(claimed), {
          transport: 'directory',
          reference: name,
          unitId: null,
          audit: { ...systemAuditContext, actorLabel: 'system (edXML directory)' },
        });
        await rename(claimed, path.join(folders.processed, await freeName(folders.processed, name)));
        result.processed.push(name);
      } catch (error) {
        if (error instanceof AppError && error.code === 'BAD_REQUEST') {
          const target = await freeName(folders.rejected, name);
          const details = error.details as { reason?: string; path?: string } | undefined;
          await writeFile(
            path.join(folders.rejected, `${target}.reason.txt`),
            [
              error.text?.vi ?? error.message,
              error.text?.en ?? error.message,
              `code: ${details?.reason ?? 'UNKNOWN'}`,
              ...(details?.path ? [`path: ${details.path}`] : []),
              '',
            ].join('\n'),
            'utf8',
          );
          await rename(claimed, path.join(folders.rejected, target));
          result.rejected.push(name);
        } else {
          await rename(claimed, path.join(folders.incoming, name)); // try again on the next scan
          result.deferred.push(name);
        }
      }
    }
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    folders,
    scan,
    /** Scans every `intervalMs` until stopped; one scan at a time. */
    start(intervalMs: number, onError: (error: unknown) => void) {
      timer = setInterval(() => {
        if (running) return;
        running = scan()
          .catch(onError)
          .finally(() => {
            running = undefined;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
