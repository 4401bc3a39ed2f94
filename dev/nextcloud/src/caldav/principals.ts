import type { Request, Response } from 'express';
import { DavError } from '../dav/davError.js';
import { decodeSegments, encodeSegment } from '../dav/davPaths.js';
import { DAV_NS } from '../dav/namespaces.js';
import { parseDavBody, propNames } from '../dav/requestBody.js';
import type { UserAccount } from '../store/userStore.js';
import { escapeXml } from '../xml/escapeXml.js';
import { CAL_NS, calPropResponse, renderCalMultistatus, sendCalMultistatus } from './calXml.js';

/** `DAV` of the DAV root (caldav/001). */
const ROOT_DAV_HEADER =
  '1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, nc-paginate, nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar, 2';
/** `DAV` of a principal (caldav/002): calendar and address-book features together. */
const PRINCIPAL_DAV_HEADER =
  '1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, oc-resource-sharing, calendar-access, calendar-proxy, calendar-auto-schedule, calendar-availability, nc-calendar-trashbin, nc-calendar-webcal-cache, calendarserver-subscribed, oc-calendar-publishing, calendarserver-sharing, addressbook, nc-paginate, nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar, 2';

const CARD_NS = 'urn:ietf:params:xml:ns:carddav';
const PREFIX = '/remote.php/dav/principals/users/';

/** Whether `path` is a user principal. */
export function isPrincipalPath(path: string): boolean {
  return path.startsWith(PREFIX);
}

const href = (value: string) => `<d:href>${escapeXml(value)}</d:href>`;

function principalProp(user: UserAccount, name: string): string | null {
  const uid = encodeSegment(user.uid);
  switch (name) {
    case `{${CAL_NS}}calendar-home-set`:
      return href(`/remote.php/dav/calendars/${uid}/`);
    case `{${CARD_NS}}addressbook-home-set`:
      return href(`/remote.php/dav/addressbooks/users/${uid}/`);
    case `{${CAL_NS}}calendar-user-address-set`:
      return (user.email ? href(`mailto:${user.email}`) : '') + href(`${PREFIX}${uid}/`);
    case `{${CAL_NS}}schedule-inbox-URL`:
      return href(`/remote.php/dav/calendars/${uid}/inbox/`);
    case `{${CAL_NS}}schedule-outbox-URL`:
      return href(`/remote.php/dav/calendars/${uid}/outbox/`);
    case `{${DAV_NS}}displayname`:
      return escapeXml(user.displayName);
    case `{${DAV_NS}}resourcetype`:
      return '<d:principal/>';
    default:
      return null;
  }
}

const bodyOf = (req: Request): Buffer => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));

/** PROPFIND on the DAV root (current-user-principal) or on the user's own principal (caldav/001, 002). */
export function handlePrincipal(req: Request, res: Response, user: UserAccount, path: string): void {
  if (req.method !== 'PROPFIND') {
    throw new DavError(
      501,
      'Sabre\\DAV\\Exception\\NotImplemented',
      `${req.method} is not supported here by the test double`,
    );
  }
  const names = propNames(parseDavBody(bodyOf(req), `{${DAV_NS}}propfind`));
  const principal = `${PREFIX}${encodeSegment(user.uid)}/`;
  if (!isPrincipalPath(path)) {
    const response = calPropResponse('/remote.php/dav/', names, (name) =>
      name === `{${DAV_NS}}current-user-principal` ? href(principal) : null,
    );
    sendCalMultistatus(res, renderCalMultistatus([response]), { DAV: ROOT_DAV_HEADER });
    return;
  }
  const [owner, ...rest] = decodeSegments(path.slice(PREFIX.length));
  // Other principals are not listed by the double (stricter than Nextcloud, which shows their names).
  if (owner !== user.uid || rest.length > 0) {
    throw new DavError(
      404,
      'Sabre\\DAV\\Exception\\NotFound',
      `Principal with name ${owner ?? ''} not found`,
    );
  }
  const response = calPropResponse(principal, names, (name) => principalProp(user, name));
  sendCalMultistatus(res, renderCalMultistatus([response]), { DAV: PRINCIPAL_DAV_HEADER });
}
