import type { Request, Response } from 'express';
import ICAL from 'ical.js';
import { sendEmpty } from '../dav/davContext.js';
import { DavError, forbidden, preconditionFailed } from '../dav/davError.js';
import type { UserAccount } from '../store/userStore.js';
import { type CalendarNode, type StoredObject, storeObject } from './calendarHome.js';
import { sendErrorWith } from './calXml.js';

const SABRE = 'Sabre\\DAV\\Exception\\';
const COMPONENTS = ['VEVENT', 'VTODO', 'VJOURNAL'];

function etagList(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

/** Sabre's If-Match / If-None-Match checks for object writes: 412 naming the header (caldav/010, 025). */
export function checkPreconditions(req: Request, object: StoredObject | undefined): void {
  const ifMatch = req.get('if-match');
  if (ifMatch) {
    if (!object) {
      throw preconditionFailed('An If-Match header was specified and the resource did not exist', 'If-Match');
    }
    const tags = etagList(ifMatch);
    if (!tags.includes('*') && !tags.includes(`"${object.etag}"`)) {
      throw preconditionFailed(
        'An If-Match header was specified, but none of the specified ETags matched.',
        'If-Match',
        {
          ETag: `"${object.etag}"`,
        },
      );
    }
  }
  const ifNoneMatch = req.get('if-none-match');
  if (
    ifNoneMatch &&
    object &&
    (etagList(ifNoneMatch).includes('*') || etagList(ifNoneMatch).includes(`"${object.etag}"`))
  ) {
    throw preconditionFailed(
      'An If-None-Match header was specified, but the ETag matched (or * was specified).',
      'If-None-Match',
    );
  }
}

const unsupported = (message: string) =>
  new DavError(
    415,
    `${SABRE}UnsupportedMediaType`,
    `This resource only supports valid iCalendar 2.0 data. ${message}`,
  );

/**
 * The checked content of a PUT: its one component type and UID, or Sabre's 415 (whose wording for a body
 * that is not iCalendar at all comes from the first line, caldav/015).
 */
function checkCalendarBody(text: string): { component: string; uid: string } {
  if (!text.trimStart().toUpperCase().startsWith('BEGIN:VCALENDAR')) {
    throw unsupported('Parse error: This parser only supports VCARD and VCALENDAR files');
  }
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw unsupported(`Parse error: ${error instanceof Error ? error.message : 'invalid data'}`);
  }
  const found = calendar.getAllSubcomponents().filter((c) => COMPONENTS.includes(c.name.toUpperCase()));
  const types = [...new Set(found.map((c) => c.name.toUpperCase()))];
  if (types.length === 0) {
    throw new DavError(
      415,
      `${SABRE}UnsupportedMediaType`,
      'We could not find a VEVENT, VTODO or VJOURNAL in the iCalendar object',
    );
  }
  if (types.length > 1) {
    throw new DavError(
      415,
      `${SABRE}UnsupportedMediaType`,
      `A calendar object must only contain 1 component. We found a ${types.join(' and a ')}`,
    );
  }
  const uids = [...new Set(found.map((c) => c.getFirstPropertyValue('uid')))];
  const uid = uids[0];
  if (uids.length !== 1 || typeof uid !== 'string' || uid === '') {
    throw new DavError(
      415,
      `${SABRE}UnsupportedMediaType`,
      'Every object in a calendar must have the same, non-empty UID',
    );
  }
  return { component: types[0] ?? 'VEVENT', uid };
}

/** PUT of a calendar object: preconditions, then the body, the component type and the UID (caldav/009–016). */
export function putObject(
  req: Request,
  res: Response,
  _user: UserAccount,
  calendar: CalendarNode,
  name: string,
  clock: () => number,
): void {
  if (calendar.kind === 'birthdays') throw forbidden('Permission denied to write to this calendar');
  const existing = calendar.objects.get(name);
  checkPreconditions(req, existing);
  const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const { component, uid } = checkCalendarBody(text);
  if (!calendar.components.includes(component)) {
    // Sabre names the first component the calendar takes (caldav/016).
    sendErrorWith(
      res,
      403,
      'Sabre\\CalDAV\\Exception\\InvalidComponentType',
      `iCalendar objects must at least have a component of type ${calendar.components[0] ?? 'VEVENT'}`,
      '<cal:supported-calendar-component xmlns:cal="urn:ietf:params:xml:ns:caldav"/>',
    );
    return;
  }
  if ([...calendar.objects.values()].some((object) => object.uid === uid && object.name !== name)) {
    throw new DavError(
      400,
      `${SABRE}BadRequest`,
      'Calendar object with uid already exists in this calendar collection.',
    );
  }
  if (existing && existing.uid !== uid) {
    throw new DavError(400, `${SABRE}BadRequest`, 'The UID of a calendar object cannot be changed');
  }
  const stored = storeObject(calendar, {
    name,
    data: text,
    uid,
    component,
    lastModified: Math.floor(clock() / 1000),
  });
  const etag = `"${stored.etag}"`;
  sendEmpty(res, existing ? 204 : 201, { ETag: etag, 'OC-ETag': etag });
}
