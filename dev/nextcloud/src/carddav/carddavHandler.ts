import type { Request, Response } from 'express';
import { sendEmpty } from '../dav/davContext.js';
import { DavError, forbidden, preconditionFailed } from '../dav/davError.js';
import { decodeSegments } from '../dav/davPaths.js';
import { ALLOW_EXISTING } from '../dav/fileMethods.js';
import { DAV_NS } from '../dav/namespaces.js';
import { httpDate } from '../dav/properties.js';
import { parseDavBody, propNames } from '../dav/requestBody.js';
import type { UserAccount, UserStore } from '../store/userStore.js';
import {
  type AddressBookNode,
  bookOf,
  booksOf,
  createBook,
  deleteBook,
  removeCard,
  type StoredCard,
  storeCard,
} from './addressBooks.js';
import { handleCardReport } from './carddavReport.js';
import {
  CARD_NS,
  type CardResponse,
  propResponse,
  renderCardMultistatus,
  sendCardMultistatus,
} from './carddavXml.js';
import { bookHref, bookProp, cardHref, cardProp, HOME_PROPS, homeHref } from './cardProps.js';
import { checkCardBody, servedCard } from './cardStorage.js';

/** What the CardDAV part of the double needs besides the request. */
export interface CardDavDeps {
  readonly store: UserStore;
  /** Milliseconds since the epoch (card Last-Modified). */
  readonly clock: () => number;
}

/** The `DAV` header of the address-book tree (carddav/001): it adds `oc-resource-sharing, addressbook`. */
export const CARDDAV_DAV_HEADER =
  '1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, oc-resource-sharing, addressbook, nc-paginate, nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar, 2';

const SABRE = 'Sabre\\DAV\\Exception\\';
const nodeNotFound = (name: string) =>
  new DavError(404, `${SABRE}NotFound`, `Node with name '${name}' could not be found`);
const cardNotFound = () => new DavError(404, `${SABRE}NotFound`, 'Card not found');

/** Whether `path` is below `/remote.php/dav/addressbooks/`. */
export function isAddressBookPath(path: string): boolean {
  return path.startsWith('/remote.php/dav/addressbooks/');
}

function etagList(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

// Sabre's If-Match / If-None-Match checks (as for files): 412 naming the header, the current ETag on If-Match.
function checkPreconditions(req: Request, card: StoredCard | undefined): void {
  const ifMatch = req.get('if-match');
  if (ifMatch) {
    if (!card)
      throw preconditionFailed('An If-Match header was specified and the resource did not exist', 'If-Match');
    const tags = etagList(ifMatch);
    if (!tags.includes('*') && !tags.includes(`"${card.etag}"`)) {
      throw preconditionFailed(
        'An If-Match header was specified, but none of the specified ETags matched.',
        'If-Match',
        {
          ETag: `"${card.etag}"`,
        },
      );
    }
  }
  const ifNoneMatch = req.get('if-none-match');
  if (
    ifNoneMatch &&
    card &&
    (etagList(ifNoneMatch).includes('*') || etagList(ifNoneMatch).includes(`"${card.etag}"`))
  ) {
    throw preconditionFailed(
      'An If-None-Match header was specified, but the ETag matched (or * was specified).',
      'If-None-Match',
    );
  }
}

function depthOf(req: Request): number {
  const depth = req.get('depth');
  return depth === '0' ? 0 : 1;
}

function readOnly(book: AddressBookNode): void {
  if (book.kind !== 'personal') throw forbidden('Permission denied to write to this address book');
}

function propfind(
  req: Request,
  res: Response,
  user: UserAccount,
  deps: CardDavDeps,
  segments: string[],
): void {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const names =
    body.toString('utf8').trim() === '' ? HOME_PROPS : propNames(parseDavBody(body, `{${DAV_NS}}propfind`));
  const [bookUri, cardName] = segments;
  const uid = user.uid;
  let responses: CardResponse[];
  if (bookUri === undefined) {
    const home = propResponse(homeHref(uid), names, (name) =>
      name === `{${DAV_NS}}resourcetype` ? '<d:collection/>' : null,
    );
    const books = depthOf(req) === 0 ? [] : booksOf(user, deps.store);
    responses = [
      home,
      ...books.map((book) => propResponse(bookHref(uid, book.uri), names, (name) => bookProp(book, name))),
    ];
  } else {
    const book = bookOf(user, deps.store, bookUri);
    if (!book) throw nodeNotFound(bookUri);
    if (cardName !== undefined) {
      const card = book.cards.get(cardName);
      if (!card) throw cardNotFound();
      responses = [propResponse(cardHref(uid, book.uri, card.name), names, (name) => cardProp(card, name))];
    } else {
      const cards =
        depthOf(req) === 0 ? [] : [...book.cards.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
      responses = [
        propResponse(bookHref(uid, book.uri), names, (name) => bookProp(book, name)),
        ...cards.map((card) =>
          propResponse(cardHref(uid, book.uri, card.name), names, (name) => cardProp(card, name)),
        ),
      ];
    }
  }
  sendCardMultistatus(res, renderCardMultistatus(responses), { DAV: CARDDAV_DAV_HEADER });
}

function mkcol(req: Request, res: Response, user: UserAccount, deps: CardDavDeps, uri: string): void {
  if (bookOf(user, deps.store, uri)) {
    throw new DavError(405, `${SABRE}MethodNotAllowed`, 'The resource you tried to create already exists', {
      headers: { Allow: ALLOW_EXISTING },
    });
  }
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let displayName = uri;
  let description: string | undefined;
  if (body.toString('utf8').trim() !== '') {
    const root = parseDavBody(body, `{${DAV_NS}}mkcol`);
    const props = root.children.flatMap((set) => set.children).flatMap((prop) => prop.children);
    const type = props.find((prop) => prop.clark === `{${DAV_NS}}resourcetype`);
    if (type && !type.children.some((child) => child.clark === `{${CARD_NS}}addressbook`)) {
      throw forbidden('Only address books can be created here');
    }
    displayName = props.find((prop) => prop.clark === `{${DAV_NS}}displayname`)?.text ?? uri;
    description = props.find((prop) => prop.clark === `{${CARD_NS}}addressbook-description`)?.text;
  }
  createBook(user, uri, displayName, description);
  sendEmpty(res, 201);
}

function putCard(req: Request, res: Response, deps: CardDavDeps, book: AddressBookNode, name: string): void {
  readOnly(book);
  const existing = book.cards.get(name);
  checkPreconditions(req, existing);
  const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const checked = checkCardBody(body);
  const duplicate = [...book.cards.values()].some((card) => card.uid === checked.uid && card.name !== name);
  if (duplicate) {
    throw new DavError(
      400,
      `${SABRE}BadRequest`,
      'VCard object with uid already exists in this addressbook collection.',
    );
  }
  const card = storeCard(book, name, checked.data, checked.uid, Math.floor(deps.clock() / 1000));
  const etag = `"${card.etag}"`;
  sendEmpty(res, existing ? 204 : 201, checked.repaired ? {} : { ETag: etag, 'OC-ETag': etag });
}

function getCard(res: Response, card: StoredCard, head: boolean): void {
  const etag = `"${card.etag}"`;
  const encoded = encodeURIComponent(card.name);
  res.status(200);
  res.setHeader('Content-Type', 'text/vcard; charset=utf-8');
  res.setHeader('Last-Modified', httpDate(card.lastModified));
  res.setHeader('ETag', etag);
  res.setHeader('OC-ETag', etag);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encoded}; filename="${card.name}"`);
  res.end(head ? undefined : servedCard(card.data));
}

/** `/remote.php/dav/addressbooks/users/<uid>/…`: the address-book home, its books and their cards. */
export function handleCardDav(req: Request, res: Response, user: UserAccount, deps: CardDavDeps): void {
  const path = req.baseUrl + req.path;
  const match = /^\/remote\.php\/dav\/addressbooks\/users\/([^/]+)(\/.*)?$/.exec(path);
  if (!match?.[1])
    throw nodeNotFound(decodeSegments(path.slice('/remote.php/dav/addressbooks/'.length))[0] ?? '');
  const owner = decodeSegments(match[1])[0] ?? '';
  // Another user's home is not there at all for this user (carddav/029), whatever is asked below it.
  if (owner !== user.uid) {
    const error = nodeNotFound(owner);
    throw req.method === 'PROPFIND'
      ? new DavError(404, error.exception, error.message, { headers: { DAV: CARDDAV_DAV_HEADER } })
      : error;
  }
  const segments = decodeSegments(match[2] ?? '');
  if (segments.length > 2) throw nodeNotFound(segments[2] ?? '');
  const [bookUri, cardName] = segments;
  if (req.method === 'PROPFIND') {
    propfind(req, res, user, deps, segments);
    return;
  }
  if (bookUri === undefined)
    throw new DavError(
      405,
      `${SABRE}MethodNotAllowed`,
      `${req.method} is not allowed on the address-book home`,
    );
  if (req.method === 'MKCOL' && cardName === undefined) {
    mkcol(req, res, user, deps, bookUri);
    return;
  }
  const book = bookOf(user, deps.store, bookUri);
  if (!book) throw nodeNotFound(bookUri);
  if (cardName === undefined) {
    if (req.method === 'REPORT') {
      handleCardReport(req, res, user, book);
      return;
    }
    if (req.method === 'DELETE') {
      readOnly(book);
      deleteBook(user, book.uri);
      sendEmpty(res, 204);
      return;
    }
    throw new DavError(
      501,
      `${SABRE}NotImplemented`,
      `${req.method} on an address book is not supported by the test double`,
    );
  }
  const card = book.cards.get(cardName);
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      if (!card) throw cardNotFound();
      getCard(res, card, req.method === 'HEAD');
      return;
    case 'PUT':
      putCard(req, res, deps, book, cardName);
      return;
    case 'DELETE':
      if (!card) throw cardNotFound();
      readOnly(book);
      checkPreconditions(req, card);
      removeCard(book, cardName);
      sendEmpty(res, 204);
      return;
    default:
      throw new DavError(
        501,
        `${SABRE}NotImplemented`,
        `${req.method} on a card is not supported by the test double`,
      );
  }
}
