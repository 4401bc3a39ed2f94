import { titleOf } from '../notes/noteFiles.js';
import { NotesService } from '../notes/notesService.js';
import { type FileNode, type FsNode, mimeTypeOf } from '../store/node.js';
import type { UserAccount } from '../store/userStore.js';
import { noteExcerpt } from './noteExcerpt.js';

/** One entry of a provider's answer, keys in Nextcloud's order (search/002, 006). */
export interface SearchEntry {
  thumbnailUrl: string;
  title: string;
  subline: string;
  resourceUrl: string;
  icon: string;
  rounded: boolean;
  attributes: Record<string, string> | never[];
}

/** A provider's page: `cursor` is the next offset for paginated providers, `null` for complete ones. */
export interface SearchPage {
  name: string;
  isPaginated: boolean;
  entries: SearchEntry[];
  cursor: number | null;
}

/** What a provider needs to answer one query. */
export interface SearchQuery {
  readonly user: UserAccount;
  readonly term: string;
  readonly limit: number;
  readonly cursor: number;
  /** Absolute base URL of the double, for `resourceUrl` / `thumbnailUrl`. */
  readonly baseUrl: string;
}

/** A unified-search provider of the double, as `search/providers` lists it. */
export interface SearchProvider {
  readonly id: string;
  readonly appId: string;
  readonly name: string;
  readonly icon: string;
  /** Nextcloud's `getOrder(route)`: the app the search starts from (`from=/apps/<app>`) reorders. */
  order(fromApp: string | undefined): number;
  readonly filters: Readonly<Record<string, string>>;
  search(query: SearchQuery): SearchPage;
}

// The theming app's cache buster, as the recorded icons carry it (ocs/capabilities.ts uses the same).
const ICON_VERSION = '3ad38353';

function fileTypeIcon(node: FsNode): string {
  const mime = mimeTypeOf(node);
  const base =
    node.kind === 'folder'
      ? 'folder'
      : mime.startsWith('text/')
        ? 'text'
        : mime.startsWith('image/')
          ? 'image'
          : mime === 'application/pdf'
            ? 'application-pdf'
            : 'file';
  return `/index.php/apps/theming/img/core/filetypes/${base}.svg?v=${ICON_VERSION}`;
}

/**
 * The Files provider: a case-insensitive name match over the user's whole tree (the home folder
 * itself excluded), newest first (ties in file id order, as the recording's same-second files came),
 * paged by offset: `cursor` is always offset + limit, even past the last match (search/002–005).
 */
const filesProvider: SearchProvider = {
  id: 'files',
  appId: 'files',
  name: 'Files',
  icon: '/apps/files/img/app.svg',
  order: (fromApp) => (fromApp === 'files' ? -5 : 5),
  filters: {
    term: 'string',
    since: 'datetime',
    until: 'datetime',
    person: 'person',
    'min-size': 'int',
    'max-size': 'int',
    mime: 'string',
    type: 'string',
    path: 'string',
    'is-favorite': 'bool',
    'title-only': 'bool',
  },
  search({ user, term, limit, cursor, baseUrl }) {
    const tree = user.files;
    const needle = term.toLowerCase();
    const matches = tree
      .walk(tree.root, Number.POSITIVE_INFINITY)
      .filter((node) => node !== tree.root && node.name.toLowerCase().includes(needle))
      .sort((a, b) => b.mtime - a.mtime || a.id - b.id);
    const entries = matches.slice(cursor, cursor + limit).map((node): SearchEntry => {
      const segments = tree.pathOf(node);
      const folder = segments.slice(0, -1).join('/');
      return {
        thumbnailUrl: `${baseUrl}/index.php/core/preview?x=32&y=32&fileId=${node.id}`,
        title: node.name,
        subline: folder === '' ? '' : `in ${folder}`,
        resourceUrl: `${baseUrl}/index.php/f/${node.id}`,
        icon: fileTypeIcon(node),
        rounded: false,
        attributes: { fileId: String(node.id), path: `/${segments.join('/')}` },
      };
    });
    return { name: 'Files', isPaginated: true, entries, cursor: cursor + limit };
  },
};

/**
 * The Notes provider: every note whose title, content or category contains each whitespace-separated
 * word of the term (case-insensitive), newest first; it is not paginated and ignores `limit` and
 * `cursor`, returning every match with `cursor: null` (search/006).
 */
const notesProvider: SearchProvider = {
  id: 'notes',
  appId: 'notes',
  name: 'Notes',
  icon: '/apps/notes/img/notes.svg',
  order: (fromApp) => (fromApp === 'files' ? 25 : fromApp === 'notes' ? -1 : 4),
  filters: { term: 'string' },
  search({ user, term, baseUrl }) {
    const service = new NotesService(user, () => user.files.nowSeconds());
    const words = term
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    // Like the app, a search makes the notes folder when it is missing.
    const folderDepth = user.files.pathOf(service.folder()).length;
    const category = (file: FileNode) =>
      file.parent ? user.files.pathOf(file.parent).slice(folderDepth).join('/') : '';
    const entries = service
      .all()
      .filter((file) => {
        const haystacks = [category(file), titleOf(file), file.content.toString('utf8')].map((text) =>
          text.toLowerCase(),
        );
        return words.every((word) => haystacks.some((text) => text.includes(word)));
      })
      .sort((a, b) => b.mtime - a.mtime || a.id - b.id)
      .map(
        (file): SearchEntry => ({
          thumbnailUrl: '',
          title: titleOf(file),
          subline: noteExcerpt(titleOf(file), file.content.toString('utf8')),
          resourceUrl: `${baseUrl}/index.php/apps/notes/note/${file.id}`,
          icon: 'icon-notes-trans',
          rounded: false,
          attributes: [],
        }),
      );
    return { name: 'Notes', isPaginated: false, entries, cursor: null };
  },
};

/** The providers of a double with the given apps, in no particular order. */
export function searchProviders(apps: { notes: boolean }): readonly SearchProvider[] {
  return apps.notes ? [notesProvider, filesProvider] : [filesProvider];
}
