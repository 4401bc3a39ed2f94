import { encodeSegment } from '../dav/davPaths.js';
import { DAV_NS, OC_NS } from '../dav/namespaces.js';
import { escapeXml } from '../xml/escapeXml.js';
import { type CalendarNode, type StoredObject, SYNC_PREFIX } from './calendarHome.js';
import { CAL_NS, CS_NS, ICAL_NS, NC_COM_NS } from './calXml.js';

const d = (local: string) => `{${DAV_NS}}${local}`;
const cal = (local: string) => `{${CAL_NS}}${local}`;

/** `/remote.php/dav/calendars/<uid>/`. */
export const calendarHomeHref = (uid: string) => `/remote.php/dav/calendars/${encodeSegment(uid)}/`;
/** `/remote.php/dav/calendars/<uid>/<uri>/`. */
export const calendarHref = (uid: string, uri: string) => `${calendarHomeHref(uid)}${encodeSegment(uri)}/`;
/** `/remote.php/dav/calendars/<uid>/<uri>/<name>`. */
export const objectHref = (uid: string, uri: string, name: string) =>
  `${calendarHref(uid, uri)}${encodeSegment(name)}`;

// The privileges Sabre reports; the generated birthday calendar can be recoloured, not written.
const OWNER_PRIVILEGES = [
  'read',
  'read-acl',
  'read-current-user-privilege-set',
  'write',
  'write-properties',
  'write-content',
  'bind',
  'unbind',
];
const READ_PRIVILEGES = ['read', 'read-acl', 'read-current-user-privilege-set', 'write-properties'];

function privileges(calendar: CalendarNode): string {
  const list = calendar.kind === 'birthdays' ? READ_PRIVILEGES : OWNER_PRIVILEGES;
  return list.map((name) => `<d:privilege><d:${name}/></d:privilege>`).join('');
}

/**
 * A calendar's property, or null when it has none (404 propstat). `listed` is true in the home's Depth 1
 * listing: only there does Nextcloud report `oc:owner-principal` (caldav/008 vs 003, 039).
 */
export function calendarProp(
  calendar: CalendarNode,
  name: string,
  uid: string,
  listed: boolean,
): string | null {
  const deleted = calendar.deletedAt !== undefined;
  switch (name) {
    case d('resourcetype'):
      return deleted
        ? `<d:collection/><x2:deleted-calendar xmlns:x2="${NC_COM_NS}"/>`
        : '<d:collection/><cal:calendar/>';
    case d('displayname'):
      return escapeXml(calendar.displayName);
    case `{${CS_NS}}getctag`:
    case d('sync-token'):
      return `${SYNC_PREFIX}${calendar.syncToken}`;
    case cal('supported-calendar-component-set'):
      return calendar.components.map((comp) => `<cal:comp name="${comp}"/>`).join('');
    case `{${ICAL_NS}}calendar-color`:
      return escapeXml(calendar.color);
    case `{${ICAL_NS}}calendar-order`:
      return '0';
    case `{${OC_NS}}owner-principal`:
      return listed ? `principals/users/${escapeXml(uid)}` : null;
    case `{${NC_COM_NS}}deleted-at`:
      return deleted
        ? new Date((calendar.deletedAt ?? 0) * 1000).toISOString().replace('.000Z', '+00:00')
        : null;
    case d('current-user-privilege-set'):
      return privileges(calendar);
    default:
      return null;
  }
}

/** The home's own properties, and those of inbox, outbox and trashbin: only a resourcetype. */
export function plainCollectionProp(resourcetype: string, name: string): string | null {
  return name === d('resourcetype') ? resourcetype : null;
}

/** An object's property. */
export function objectProp(object: StoredObject, name: string): string | null {
  switch (name) {
    case d('getetag'):
      return `&quot;${object.etag}&quot;`;
    case d('getcontenttype'):
      return `text/calendar; charset=utf-8; component=${object.component.toLowerCase()}`;
    case d('resourcetype'):
      return '';
    case d('getlastmodified'):
      return new Date(object.lastModified * 1000).toUTCString();
    case d('getcontentlength'):
      return String(Buffer.byteLength(object.data, 'utf8'));
    default:
      return null;
  }
}

/** The home listing's default props (an empty PROPFIND body). */
export const DEFAULT_PROPS = [d('resourcetype'), d('displayname'), `{${CS_NS}}getctag`, d('sync-token')];

/** calendar-data as Nextcloud reports it in a REPORT: the stored text with LF line ends (quirk 21). */
export function calendarData(data: string): string {
  return escapeXml(data.replaceAll('\r\n', '\n'));
}
