import type { TrashEntry } from '@nc-mcp/nextcloud';
import { z } from 'zod';

/** One trash bin item as the trash tools show it. */
export const trashItemShape = {
  trashName: z.string().describe('Its name in the trash bin; pass it to nc_files_trash_restore'),
  name: z.string(),
  originalPath: z.string().describe('Where it was, relative to the files root'),
  deletedAt: z.string().describe('ISO 8601'),
  type: z.enum(['file', 'folder']),
  size: z.number().int().optional(),
  contentType: z.string().optional(),
};

/** A value of {@link trashItemShape}. */
export type TrashItem = z.infer<z.ZodObject<typeof trashItemShape>>;

/** Projects a client trash entry onto {@link trashItemShape}. */
export function toTrashItem(entry: TrashEntry): TrashItem {
  return {
    trashName: entry.trashName,
    name: entry.name,
    originalPath: entry.originalPath,
    deletedAt: entry.deletedAt,
    type: entry.type,
    ...(entry.size === undefined ? {} : { size: entry.size }),
    ...(entry.contentType === undefined ? {} : { contentType: entry.contentType }),
  };
}
