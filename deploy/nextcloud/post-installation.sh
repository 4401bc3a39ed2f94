#!/bin/sh
# Runs once, after Nextcloud's first installation (docker-entrypoint-hooks.d/post-installation).
# Turns on the Notes app and user_oidc, and registers the IdP with bearer-token validation so the
# MCP server's tokens (audience "nextcloud") are accepted. See the README ("Use a real Nextcloud")
# and the REFERENCE notes on user_oidc.
set -eu
php occ app:install notes || php occ app:enable notes
php occ app:install user_oidc || php occ app:enable user_oidc
# Never let a token take over an existing local account; no userinfo-based bearer validation.
php occ config:app:set user_oidc soft_auto_provision --value=0
php occ config:app:set user_oidc userinfo_bearer_validation --value=0
# Bearer provisioning off: with it on, every bearer request rewrites the user's account rows and
# address-book card (~40 ms each, "database is locked" under concurrency). Users are still created
# on first use.
php occ user_oidc:provider keycloak \
  --clientid="$OIDC_CLIENT_ID" \
  --clientsecret="$OIDC_CLIENT_SECRET" \
  --discoveryuri="$OIDC_DISCOVERY_URI" \
  --check-bearer=1 \
  --bearer-provisioning=0 \
  --unique-uid=0 \
  --mapping-uid=preferred_username
# A memcache, or user_oidc fetches the IdP's discovery document twice per bearer request.
# Distributed cache and file locking: the compose file's Redis (the image also wires it up from
# REDIS_HOST; setting it here keeps the choice explicit). Local cache: APCu, but only when the PHP
# CLI has it enabled — occ runs on the CLI and fails with a memcache it cannot load.
if [ -n "${REDIS_HOST:-}" ]; then
  php occ config:system:set redis host --value="$REDIS_HOST"
  php occ config:system:set redis port --value="${REDIS_HOST_PORT:-6379}" --type=integer
  php occ config:system:set memcache.distributed --value='\OC\Memcache\Redis'
  php occ config:system:set memcache.locking --value='\OC\Memcache\Redis'
fi
if php -r 'exit(extension_loaded("apcu") && filter_var(ini_get("apc.enable_cli"), FILTER_VALIDATE_BOOLEAN) ? 0 : 1);'; then
  php occ config:system:set memcache.local --value='\OC\Memcache\APCu'
fi
