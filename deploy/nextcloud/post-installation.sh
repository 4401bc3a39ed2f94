#!/bin/sh
# Runs once, after Nextcloud's first installation (docker-entrypoint-hooks.d/post-installation).
# Turns on the Notes app and user_oidc, and registers the IdP with bearer-token validation so the
# MCP server's tokens (audience "nextcloud") are accepted. See the REFERENCE notes on user_oidc.
set -eu
php occ app:install notes || php occ app:enable notes
php occ app:install user_oidc || php occ app:enable user_oidc
# Never let a token take over an existing local account; no userinfo-based bearer validation.
php occ config:app:set user_oidc soft_auto_provision --value=0
php occ config:app:set user_oidc userinfo_bearer_validation --value=0
php occ user_oidc:provider keycloak \
  --clientid="$OIDC_CLIENT_ID" \
  --clientsecret="$OIDC_CLIENT_SECRET" \
  --discoveryuri="$OIDC_DISCOVERY_URI" \
  --check-bearer=1 \
  --bearer-provisioning=1 \
  --unique-uid=0 \
  --mapping-uid=preferred_username
