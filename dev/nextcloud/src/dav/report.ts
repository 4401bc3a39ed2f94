import { childOf } from '../xml/parseXml.js';
import { type DavContext, hrefOf, sendMultistatus, sourceOf } from './davContext.js';
import { DavError, notFound } from './davError.js';
import { displayPath } from './davPaths.js';
import { propResponse, renderMultistatus } from './multistatus.js';
import { OC_NS } from './namespaces.js';
import { allPropNames } from './properties.js';
import { parseDavBody, propNames } from './requestBody.js';

/**
 * REPORT `oc:filter-files`: favourites below the request path (Nextcloud lists folders without a
 * trailing slash here). System-tag filters match nothing: the double has no tags.
 */
export function handleReport(ctx: DavContext): void {
  const node = ctx.user.files.resolve(ctx.segments);
  if (!node) throw notFound(displayPath(ctx.segments));
  const root = parseDavBody(ctx.body, `{${OC_NS}}filter-files`);
  const rules = childOf(root, `{${OC_NS}}filter-rules`)?.children ?? [];
  if (rules.length === 0) {
    throw new DavError(400, 'Sabre\\DAV\\Exception\\BadRequest', 'Missing filter-rule block in request');
  }
  const favoritesOnly = rules.some((rule) => rule.clark === `{${OC_NS}}favorite` && rule.text.trim() === '1');
  const onlyKnownRules = rules.every((rule) => rule.clark === `{${OC_NS}}favorite`);
  const names = propNames(root);
  const matches =
    favoritesOnly && onlyKnownRules
      ? ctx.user.files.walk(node, Number.POSITIVE_INFINITY).filter((each) => each !== node && each.favorite)
      : [];
  const responses = matches.map((each) =>
    propResponse(
      hrefOf(ctx, each, false),
      sourceOf(ctx, each),
      names.length > 0 ? names : allPropNames(each),
    ),
  );
  sendMultistatus(ctx.res, renderMultistatus(responses));
}
