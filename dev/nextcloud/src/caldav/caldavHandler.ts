import type { Request, Response } from 'express';
import { sendEmpty } from '../dav/davContext.js';
import { DavError, forbidden } from '../dav/davError.js';
import { decodeSegments } from '../dav/davPaths.js';
import { DAV_NS } from '../dav/namespaces.js';
import { httpDate } from '../dav/properties.js';
import { parseDavBody, propNames } from '../dav/requestBody.js';
import type { UserAccount } from '../store/userStore.js';
import type { XmlElement } from '../xml/parseXml.js';
import { handleCalendarReport } from './caldavReport.js';
import { calendarsOf, createCalendar, liveCalendar, recordChange, removeObject } from './calendarHome.js';
import { checkPreconditions, putObject } from './calendarObjects.js';
import {
  calendarHomeHref,
  calendarHref,
  calendarProp,
  DEFAULT_PROPS,
  objectHref,
  objectProp,
  plainCollectionProp,
} from './calProps.js';
import {
  CAL_NS,
  type CalResponse,
  calPropResponse,
  ICAL_NS,
  renderCalMultistatus,
  sendCalMultistatus,
} from './calXml.js';
import { handlePrincipal, isPrincipalPath } from './principals.js';

/** What the CalDAV part of the double needs besides the request. */
export interface CalDavDeps {
  /** Milliseconds since the epoch (object Last-Modified, deletion times). */
  readonly clock: () => number;
}

/** The `DAV` header of the calendar tree (caldav/003). */
export const CALDAV_DAV_HEADER =
  '1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, oc-resource-sharing, calendar-access, calendar-proxy, calendar-auto-schedule, calendar-availability, nc-calendar-trashbin, nc-calendar-webcal-cache, calendarserver-subscribed, oc-calendar-publishing, calendarserver-sharing, nc-paginate, nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar, 2';

const SABRE = 'Sabre\\DAV\\Exception\\';
const ALLOW_EXISTING =
  'OPTIONS, GET, HEAD, DELETE, PROPFIND, PUT, PROPPATCH, COPY, MOVE, REPORT, LOCK, UNLOCK';
const nodeNotFound = (name: string) =>
  new DavError(404, `${SABRE}NotFound`, `Node with name '${name}' could not be found`);
const objectNotFound = () => new DavError(404, `${SABRE}NotFound`, 'Calendar object not found');
const SPECIAL: Readonly<Record<string, string>> = {
  inbox: '<d:collection/><cal:schedule-inbox/>',
  outbox: '<d:collection/><cal:schedule-outbox/>',
  trashbin: `<d:collection/><x2:trash-bin xmlns:x2="http://nextcloud.com/ns"/>`,
};

/** Whether the double's CalDAV part serves `path` (calendars, principals, and the DAV root's PROPFIND). */
export function isCalDavPath(path: string, method: string): boolean {
  return (
    path.startsWith('/remote.php/dav/calendars/') ||
    isPrincipalPath(path) ||
    ((path === '/remote.php/dav/' || path === '/remote.php/dav') && method === 'PROPFIND')
  );
}

const bodyOf = (req: Request): Buffer => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
const depthOf = (req: Request): number => (req.get('depth') === '0' ? 0 : 1);

function requestedProps(req: Request): string[] {
  const body = bodyOf(req);
  return body.toString('utf8').trim() === ''
    ? DEFAULT_PROPS
    : propNames(parseDavBody(body, `{${DAV_NS}}propfind`));
}

function propfind(req: Request, res: Response, user: UserAccount, segments: readonly string[]): void {
  const names = requestedProps(req);
  const [uri, name] = segments;
  const uid = user.uid;
  let responses: CalResponse[];
  if (uri === undefined) {
    responses = [
      calPropResponse(calendarHomeHref(uid), names, (prop) => plainCollectionProp('<d:collection/>', prop)),
    ];
    if (depthOf(req) === 1) {
      for (const calendar of calendarsOf(user).values()) {
        responses.push(
          calPropResponse(calendarHref(uid, calendar.uri), names, (prop) =>
            calendarProp(calendar, prop, uid, true),
          ),
        );
      }
      for (const [special, type] of Object.entries(SPECIAL)) {
        responses.push(
          calPropResponse(`${calendarHomeHref(uid)}${special}/`, names, (prop) =>
            plainCollectionProp(type, prop),
          ),
        );
      }
    }
  } else if (SPECIAL[uri] !== undefined) {
    // The trash bin's object list cannot be listed (caldav/040).
    if (uri === 'trashbin' && name === 'objects') {
      throw new DavError(501, `${SABRE}NotImplemented`, '', { headers: { DAV: CALDAV_DAV_HEADER } });
    }
    if (name !== undefined) throw nodeNotFound(name);
    const type = SPECIAL[uri] ?? '';
    responses = [
      calPropResponse(`${calendarHomeHref(uid)}${uri}/`, names, (prop) => plainCollectionProp(type, prop)),
    ];
  } else {
    const calendar = liveCalendar(user, uri);
    if (!calendar) throw nodeNotFound(uri);
    if (name !== undefined) {
      const object = calendar.objects.get(name);
      if (!object) throw objectNotFound();
      responses = [calPropResponse(objectHref(uid, uri, name), names, (prop) => objectProp(object, prop))];
    } else {
      responses = [
        calPropResponse(calendarHref(uid, uri), names, (prop) => calendarProp(calendar, prop, uid, false)),
      ];
      if (depthOf(req) === 1) {
        const objects = [...calendar.objects.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
        for (const object of objects) {
          responses.push(
            calPropResponse(objectHref(uid, uri, object.name), names, (prop) => objectProp(object, prop)),
          );
        }
      }
    }
  }
  sendCalMultistatus(res, renderCalMultistatus(responses), { DAV: CALDAV_DAV_HEADER });
}

function propsOf(root: XmlElement, action = `{${DAV_NS}}set`): XmlElement[] {
  return root.children
    .filter((child) => child.clark === action)
    .flatMap((set) => set.children.filter((child) => child.clark === `{${DAV_NS}}prop`))
    .flatMap((prop) => prop.children);
}

function mkcalendar(req: Request, res: Response, user: UserAccount, uri: string): void {
  if (calendarsOf(user).has(uri)) {
    throw new DavError(405, `${SABRE}MethodNotAllowed`, 'The resource you tried to create already exists', {
      headers: { Allow: ALLOW_EXISTING },
    });
  }
  const body = bodyOf(req);
  const props =
    body.toString('utf8').trim() === '' ? [] : propsOf(parseDavBody(body, `{${CAL_NS}}mkcalendar`));
  const find = (clark: string) => props.find((prop) => prop.clark === clark);
  const componentSet = find(`{${CAL_NS}}supported-calendar-component-set`);
  const components = componentSet
    ? componentSet.children.map((comp) => (comp.attributes.name ?? '').toUpperCase()).filter((c) => c !== '')
    : ['VEVENT', 'VTODO'];
  createCalendar(
    user,
    uri,
    find(`{${DAV_NS}}displayname`)?.text ?? uri,
    find(`{${ICAL_NS}}calendar-color`)?.text ?? '#0082c9',
    components,
  );
  sendEmpty(res, 201);
}

const WRITABLE_PROPS = new Set([
  `{${DAV_NS}}displayname`,
  `{${ICAL_NS}}calendar-color`,
  `{${ICAL_NS}}calendar-order`,
]);

function proppatch(req: Request, res: Response, user: UserAccount, uri: string): void {
  const calendar = liveCalendar(user, uri);
  if (!calendar) throw nodeNotFound(uri);
  const props = propsOf(parseDavBody(bodyOf(req), `{${DAV_NS}}propertyupdate`));
  const refused = props.filter((prop) => !WRITABLE_PROPS.has(prop.clark));
  const accepted = props.filter((prop) => WRITABLE_PROPS.has(prop.clark));
  const entries = (list: XmlElement[]) => list.map((prop) => ({ name: prop.clark, value: '' }));
  const propstats: Array<{ status: number; props: Array<{ name: string; value: string }> }> = [];
  if (refused.length > 0) {
    propstats.push({ status: 403, props: entries(refused) });
    if (accepted.length > 0) propstats.push({ status: 424, props: entries(accepted) });
  } else if (accepted.length > 0) {
    for (const prop of accepted) {
      if (prop.clark === `{${DAV_NS}}displayname`) calendar.displayName = prop.text;
      if (prop.clark === `{${ICAL_NS}}calendar-color`) calendar.color = prop.text;
    }
    // A property change moves the sync token on too (caldav/039 shows 10 after 9 + this PROPPATCH).
    recordChange(calendar, '');
    propstats.push({ status: 200, props: entries(accepted) });
  }
  // Sabre names the calendar without its trailing slash here (caldav/037).
  const href = calendarHref(user.uid, uri).replace(/\/$/, '');
  sendCalMultistatus(res, renderCalMultistatus([{ href, propstats }]));
}

function getObject(res: Response, uri: string, user: UserAccount, name: string, head: boolean): void {
  const object = liveCalendar(user, uri)?.objects.get(name);
  if (!object) throw objectNotFound();
  const etag = `"${object.etag}"`;
  res.status(200);
  res.setHeader('Content-Type', `text/calendar; charset=utf-8; component=${object.component.toLowerCase()}`);
  res.setHeader('Last-Modified', httpDate(object.lastModified));
  res.setHeader('ETag', etag);
  res.setHeader('OC-ETag', etag);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename*=UTF-8''${encodeURIComponent(name)}; filename="${name}"`,
  );
  res.end(head ? undefined : object.data);
}

/** `/remote.php/dav/calendars/<uid>/…`, the principal and the DAV root's current-user-principal. */
export function handleCalDav(req: Request, res: Response, user: UserAccount, deps: CalDavDeps): void {
  const path = req.baseUrl + req.path;
  if (!path.startsWith('/remote.php/dav/calendars/')) {
    handlePrincipal(req, res, user, path);
    return;
  }
  const segments = decodeSegments(path.slice('/remote.php/dav/calendars/'.length));
  const [owner, uri, name, ...rest] = segments;
  if (owner === undefined)
    throw new DavError(501, `${SABRE}NotImplemented`, 'The calendar root is not served by the double');
  // Another user's home is not there at all for this user (caldav/041).
  if (owner !== user.uid) {
    throw new DavError(
      404,
      `${SABRE}NotFound`,
      `Node with name '${owner}' could not be found`,
      req.method === 'PROPFIND' ? { headers: { DAV: CALDAV_DAV_HEADER } } : {},
    );
  }
  if (req.method === 'PROPFIND') {
    if (rest.length > 0 && uri !== 'trashbin') throw nodeNotFound(rest[0] ?? '');
    propfind(
      req,
      res,
      user,
      [uri, name].filter((s): s is string => s !== undefined),
    );
    return;
  }
  if (uri === undefined)
    throw new DavError(405, `${SABRE}MethodNotAllowed`, `${req.method} is not allowed on the calendar home`);
  if (rest.length > 0) throw nodeNotFound(rest[0] ?? '');
  if (req.method === 'MKCALENDAR' && name === undefined) {
    mkcalendar(req, res, user, uri);
    return;
  }
  const calendar = liveCalendar(user, uri);
  if (!calendar) throw nodeNotFound(uri);
  if (name === undefined) {
    switch (req.method) {
      case 'REPORT':
        handleCalendarReport(req, res, user, calendar);
        return;
      case 'PROPPATCH':
        proppatch(req, res, user, uri);
        return;
      case 'DELETE':
        if (calendar.kind === 'birthdays') throw forbidden('Permission denied to delete this calendar');
        calendar.deletedAt = Math.floor(deps.clock() / 1000);
        sendEmpty(res, 204);
        return;
      default:
        throw new DavError(
          501,
          `${SABRE}NotImplemented`,
          `${req.method} on a calendar is not supported by the test double`,
        );
    }
  }
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      getObject(res, uri, user, name, req.method === 'HEAD');
      return;
    case 'PUT':
      putObject(req, res, user, calendar, name, deps.clock);
      return;
    case 'DELETE': {
      const object = calendar.objects.get(name);
      if (!object) throw objectNotFound();
      if (calendar.kind === 'birthdays') throw forbidden('Permission denied to delete this object');
      checkPreconditions(req, object);
      removeObject(calendar, name);
      sendEmpty(res, 204);
      return;
    }
    default:
      throw new DavError(
        501,
        `${SABRE}NotImplemented`,
        `${req.method} on a calendar object is not supported by the test double`,
      );
  }
}
