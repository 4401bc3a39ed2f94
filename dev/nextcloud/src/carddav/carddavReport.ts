import type { Request, Response } from 'express';
import { DavError } from '../dav/davError.js';
import { decodeSegments } from '../dav/davPaths.js';
import { DAV_NS } from '../dav/namespaces.js';
import type { UserAccount } from '../store/userStore.js';
import { parseXml, type XmlElement, XmlSyntaxError } from '../xml/parseXml.js';
import { type AddressBookNode, changedSince, SYNC_TOKEN_PREFIX } from './addressBooks.js';
import {
  CARD_NS,
  type CardResponse,
  propResponse,
  renderCardMultistatus,
  sendCardMultistatus,
  sendInvalidSyncToken,
} from './carddavXml.js';
import { cardMatches, multigetHrefs, resultLimit } from './cardFilter.js';
import { cardHref, cardProp } from './cardProps.js';

const D = `{${DAV_NS}}`;
const CARD = `{${CARD_NS}}`;

function requestedProps(report: XmlElement): string[] {
  const prop = report.children.find((child) => child.clark === `${D}prop`);
  return prop ? prop.children.map((child) => child.clark) : [];
}

function sortedCards(book: AddressBookNode) {
  return [...book.cards.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function query(req: Request, uid: string, book: AddressBookNode, report: XmlElement): CardResponse[] {
  // Depth 0 asks about the address book itself, which is not a card: nothing matches.
  if (req.get('depth') !== '1' && req.get('depth') !== 'infinity') return [];
  const names = requestedProps(report);
  const filter = report.children.find((child) => child.clark === `${CARD}filter`);
  const limit = resultLimit(report);
  const hits = sortedCards(book).filter((card) => cardMatches(card.data, filter));
  return (limit === undefined ? hits : hits.slice(0, limit)).map((card) =>
    propResponse(cardHref(uid, book.uri, card.name), names, (name) => cardProp(card, name)),
  );
}

function multiget(uid: string, book: AddressBookNode, report: XmlElement): CardResponse[] {
  const names = requestedProps(report);
  const responses: CardResponse[] = [];
  for (const href of multigetHrefs(report)) {
    const path = href.replace(/^[a-z]+:\/\/[^/]+/i, '');
    const segments = decodeSegments(path);
    const [remote, dav, tree, users, owner, bookUri, name] = segments;
    const inThisBook =
      segments.length === 7 &&
      remote === 'remote.php' &&
      dav === 'dav' &&
      tree === 'addressbooks' &&
      users === 'users' &&
      owner === uid &&
      bookUri === book.uri;
    const card = inThisBook && name !== undefined ? book.cards.get(name) : undefined;
    // Missing members are silently left out (quirk 20).
    if (card)
      responses.push(propResponse(cardHref(uid, book.uri, card.name), names, (prop) => cardProp(card, prop)));
  }
  return responses;
}

function sync(res: Response, uid: string, book: AddressBookNode, report: XmlElement): void {
  const names = requestedProps(report);
  const tokenText = report.children.find((child) => child.clark === `${D}sync-token`)?.text.trim() ?? '';
  const current = `${SYNC_TOKEN_PREFIX}${book.syncToken}`;
  let since = 0;
  if (tokenText !== '') {
    const number = tokenText.startsWith(SYNC_TOKEN_PREFIX) ? tokenText.slice(SYNC_TOKEN_PREFIX.length) : '';
    if (!/^\d+$/.test(number) || book.kind === 'app') {
      sendInvalidSyncToken(res);
      return;
    }
    since = Number(number);
  }
  const responses: CardResponse[] = [];
  if (tokenText === '') {
    for (const card of sortedCards(book)) {
      responses.push(propResponse(cardHref(uid, book.uri, card.name), names, (name) => cardProp(card, name)));
    }
  } else {
    // A future token has no changes and gets the current token back (caldav/035).
    const names_ = changedSince(book, since);
    const deleted: CardResponse[] = [];
    for (const name of names_) {
      const card = book.cards.get(name);
      const href = cardHref(uid, book.uri, name);
      if (card) responses.push(propResponse(href, names, (prop) => cardProp(card, prop)));
      else deleted.push({ href, status: 404 });
    }
    responses.push(...deleted);
  }
  sendCardMultistatus(res, renderCardMultistatus(responses, current));
}

/** REPORT on an address book: addressbook-query, addressbook-multiget, sync-collection. */
export function handleCardReport(
  req: Request,
  res: Response,
  user: UserAccount,
  book: AddressBookNode,
): void {
  const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  let report: XmlElement;
  try {
    report = parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError)
      throw new DavError(400, 'Sabre\\DAV\\Exception\\BadRequest', error.message);
    throw error;
  }
  switch (report.clark) {
    case `${CARD}addressbook-query`:
      sendCardMultistatus(res, renderCardMultistatus(query(req, user.uid, book, report)));
      return;
    case `${CARD}addressbook-multiget`:
      sendCardMultistatus(res, renderCardMultistatus(multiget(user.uid, book, report)));
      return;
    case `${D}sync-collection`:
      sync(res, user.uid, book, report);
      return;
    default:
      throw new DavError(
        403,
        'Sabre\\DAV\\Exception\\ReportNotSupported',
        'The {DAV:}report is not supported',
      );
  }
}
