import { AppError, type WatchFolder, type WatchFolderCreate } from '@cutaway/shared';
import type { Logger } from 'pino';
import type { Clock, IdGenerator } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { FolderWatcher, SettledFile } from '../ports/folder-watcher';
import type { WatchFolderStore } from '../ports/watch-folder-store';
import type { IngestService } from './ingest-service';

/**
 * Watch folders: each settled file is ingested once (a ledger of path+size+mtime survives restarts),
 * a file whose checksum is already catalogued is reported as a duplicate instead, and the source is
 * never touched unless the folder says to move it.
 */
export class WatchFolderService {
  private readonly running = new Map<string, { close: () => Promise<void> }>();
  /** Serialises ingest per folder so two events for one file cannot both ingest it. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: { store: WatchFolderStore; watcher: FolderWatcher; ingest: IngestService; events: EventBus; clock: Clock; ids: IdGenerator; log: Logger },
  ) {}

  async create(input: WatchFolderCreate): Promise<WatchFolder> {
    const path = await this.deps.watcher.checkDirectory(input.path);
    const moveToPath = input.moveToPath ? input.moveToPath : null;
    const folder: WatchFolder = { ...input, path, moveToPath, id: this.deps.ids.newId(), createdAt: this.deps.clock.now().toISOString() };
    await this.deps.store.create(folder);
    if (folder.enabled) await this.start(folder);
    return folder;
  }

  list(): Promise<WatchFolder[]> {
    return this.deps.store.list();
  }

  async delete(id: string): Promise<void> {
    await this.running.get(id)?.close();
    this.running.delete(id);
    if (!(await this.deps.store.delete(id))) throw new AppError('watch_folder.not_found', `No watch folder ${id}`, { id });
  }

  /** Starts every enabled folder (process start). A folder whose path vanished is logged, not fatal. */
  async startAll(): Promise<void> {
    for (const folder of await this.deps.store.list()) {
      if (!folder.enabled) continue;
      try {
        await this.start(folder);
      } catch (err) {
        this.deps.log.error({ err, watchFolderId: folder.id }, 'watch folder not started');
      }
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((w) => w.close()));
    this.running.clear();
    await Promise.all(this.chains.values());
  }

  private async start(folder: WatchFolder): Promise<void> {
    const handle = await this.deps.watcher.watch(folder.path, { recursive: folder.recursive, settleMs: folder.settleMs }, (file) => {
      const next = (this.chains.get(folder.id) ?? Promise.resolve()).then(() => this.handle(folder, file));
      this.chains.set(folder.id, next);
    });
    this.running.set(folder.id, handle);
  }

  private async handle(folder: WatchFolder, file: SettledFile): Promise<void> {
    const log = this.deps.log.child({ watchFolderId: folder.id, path: file.path });
    try {
      if (await this.deps.store.hasSeen(folder.id, file)) return;
      const fileName = file.path.split(/[/\\]/).pop() ?? 'file';
      const { asset, duplicate } = await this.deps.ingest.ingestFile(
        file.path,
        { fileName, meta: { tags: folder.tags }, origin: { kind: 'watch_folder', ref: folder.id } },
        { move: false, skipDuplicates: true },
      );
      await this.deps.store.markSeen(folder.id, file, duplicate ? 'duplicate' : 'ingested', asset.id);
      if (duplicate) {
        log.info({ existingAssetId: asset.id }, 'duplicate by checksum, not ingested again');
        this.deps.events.publish({ type: 'watch_folder.duplicate', watchFolderId: folder.id, fileName, existingAssetId: asset.id });
      } else {
        log.info({ assetId: asset.id }, 'ingested');
      }
      if (folder.moveToPath) await this.deps.watcher.moveInto(file.path, folder.moveToPath);
    } catch (err) {
      // Not recorded as seen: the next change to the file, or the next start, tries again.
      log.error({ err }, 'watch folder ingest failed');
    }
  }
}
