import type { FsNode } from '../store/node.js';
import { type DavContext, sendMultistatus } from './davContext.js';
import { notFound } from './davError.js';
import { displayPath, encodePath } from './davPaths.js';
import { type PropEntry, renderMultistatus } from './multistatus.js';
import { clark, DAV_NS, OC_NS } from './namespaces.js';
import { PROTECTED_PROPS } from './properties.js';
import { parseDavBody } from './requestBody.js';

interface Mutation {
  readonly name: string;
  /** New text value, or null to remove. */
  readonly value: string | null;
}

function apply(node: FsNode, ctx: DavContext, { name, value }: Mutation): void {
  if (name === clark(OC_NS, 'favorite')) {
    node.favorite = value === '1' || value === 'true';
  } else if (name === clark(DAV_NS, 'getetag')) {
    // Nextcloud stores the value verbatim, quotes included (quirk 10).
    if (value !== null) node.etag = value;
  } else if (name === clark(DAV_NS, 'getlastmodified')) {
    const seconds = value === null ? Number.NaN : Date.parse(value) / 1000;
    if (Number.isFinite(seconds)) ctx.user.files.setMtime(node, Math.floor(seconds));
  } else if (value === null) {
    node.deadProps.delete(name);
  } else {
    node.deadProps.set(name, value);
  }
}

/**
 * PROPPATCH: favourites, the (accepted!) getetag, getlastmodified and dead properties; protected
 * properties fail with 403 and, as in Sabre, make the rest of the request fail with 424.
 */
export function handleProppatch(ctx: DavContext): void {
  const node = ctx.user.files.resolve(ctx.segments);
  if (!node) throw notFound(displayPath(ctx.segments));
  const root = parseDavBody(ctx.body, `{${DAV_NS}}propertyupdate`);
  const mutations: Mutation[] = [];
  for (const action of root.children) {
    const remove = action.clark === `{${DAV_NS}}remove`;
    if (!remove && action.clark !== `{${DAV_NS}}set`) continue;
    for (const prop of action.children.filter((child) => child.clark === `{${DAV_NS}}prop`)) {
      for (const element of prop.children)
        mutations.push({ name: element.clark, value: remove ? null : element.text });
    }
  }
  const refused = mutations.filter((mutation) => PROTECTED_PROPS.has(mutation.name));
  const accepted = mutations.filter((mutation) => !PROTECTED_PROPS.has(mutation.name));
  const entries = (list: Mutation[]): PropEntry[] => list.map(({ name }) => ({ name, value: '' }));
  const propstats: Array<{ status: number; props: PropEntry[] }> = [];
  if (refused.length > 0) {
    propstats.push({ status: 403, props: entries(refused) });
    if (accepted.length > 0) propstats.push({ status: 424, props: entries(accepted) });
  } else {
    for (const mutation of accepted) apply(node, ctx, mutation);
    if (accepted.length > 0) propstats.push({ status: 200, props: entries(accepted) });
  }
  // Sabre reports PROPPATCH on the request URI as given (no slash added for folders).
  const href = `${ctx.hrefBase}${encodePath(ctx.segments)}${ctx.trailingSlash || ctx.segments.length === 0 ? '/' : ''}`;
  sendMultistatus(ctx.res, renderMultistatus([{ href, propstats }]));
}
