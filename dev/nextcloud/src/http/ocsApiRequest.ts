import type { Request } from 'express';

/** Whether the request passes Nextcloud's CSRF check via `OCS-APIRequest` (any PHP-truthy value). */
export function hasOcsApiRequestHeader(req: Request): boolean {
  const value = req.get('ocs-apirequest');
  return value !== undefined && value !== '' && value !== '0';
}
