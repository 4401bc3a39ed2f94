const VERSION = { major: 34, minor: 0, micro: 1, string: '34.0.1', edition: '', extendedSupport: false };

// As recorded (ocs/002), without `federation` and `sharebymail`: the double shares with users and links only.
const FILES_SHARING = {
  api_enabled: true,
  public: {
    enabled: true,
    password: { enforced: false, askForOptionalPassword: false },
    expire_date: { enabled: false },
    multiple_links: true,
    expire_date_internal: { enabled: false },
    expire_date_remote: { enabled: false },
    send_mail: false,
    upload: true,
    upload_files_drop: true,
    custom_tokens: false,
  },
  resharing: true,
  user: { send_mail: false, expire_date: { enabled: true } },
  group_sharing: true,
  group: { enabled: true, expire_date: { enabled: true } },
  default_permissions: 31,
  exclude_reshare_from_edit: false,
  sharee: { minSearchStringLength: 0, query_lookup_default: false, always_show_unique: true },
};

function theming(baseUrl: string): Record<string, unknown> {
  const logo = `${baseUrl}/core/img/logo/logo.svg?v=0`;
  return {
    name: 'Nextcloud',
    productName: 'Nextcloud',
    url: 'https://nextcloud.com',
    imprintUrl: '',
    privacyUrl: '',
    slogan: 'a safe home for all your data',
    color: '#00679e',
    'color-text': '#ffffff',
    'color-element': '#00679e',
    'color-element-bright': '#00679e',
    'color-element-dark': '#00679e',
    logo,
    background: `${baseUrl}/apps/theming/img/background/jo-myoung-hee-fluid.webp`,
    'background-text': '#ffffff',
    'background-plain': false,
    'background-default': true,
    logoheader: logo,
    favicon: logo,
    primaryColor: '#00679e',
    backgroundColor: '#00679e',
    defaultPrimaryColor: '#00679e',
    defaultBackgroundColor: '#00679e',
    inverted: false,
    cacheBuster: '3ad38353',
    enabledThemes: ['default'],
  };
}

/**
 * `cloud/capabilities` data, copied from the recorded Nextcloud 34 but limited to what this double
 * serves: advertising deck, tables, versions or chunked upload would send clients to endpoints that
 * answer 404 here (files_sharing is served without federation and share-by-mail, so those are left out). Anonymous callers get the public subset, as on the real server (no
 * app's key, not even `notes`: ocs/004). An app that is not enabled has no key (`apps`).
 */
export function capabilities(
  baseUrl: string,
  authenticated: boolean,
  apps: { notes: boolean; files_sharing?: boolean } = { notes: true },
): Record<string, unknown> {
  const bruteforce = { delay: 0, 'allow-listed': false };
  if (!authenticated) {
    return {
      version: VERSION,
      capabilities: { bruteforce, theming: { ...theming(baseUrl), enabledThemes: [] } },
    };
  }
  return {
    version: VERSION,
    capabilities: {
      core: {
        pollinterval: 60,
        'webdav-root': 'remote.php/webdav',
        'reference-api': true,
        'reference-regex':
          '(\\s|\\n|^)(https?:\\/\\/)([-A-Z0-9+_.]+(?::[0-9]+)?(?:\\/[-A-Z0-9+&@#%?=~_|!:,.;()]*)*)(\\s|\\n|$)',
        'mod-rewrite-working': false,
        user: { language: '', locale: '', timezone: 'UTC' },
        'can-create-app-token': true,
      },
      bruteforce,
      files: {
        $comment: '"blacklisted_files" is deprecated as of Nextcloud 30, use "forbidden_filenames" instead',
        blacklisted_files: ['.htaccess'],
        forbidden_filenames: ['.htaccess'],
        forbidden_filename_basenames: [],
        forbidden_filename_characters: ['\\', '/'],
        forbidden_filename_extensions: ['.filepart', '.part'],
        file_conversions: [],
        windows_compatible_filenames: false,
      },
      dav: {
        search_supports_creation_time: true,
        search_supports_upload_time: true,
        search_supports_last_activity: true,
      },
      ...(apps.files_sharing === false ? {} : { files_sharing: FILES_SHARING }),
      ...(apps.notes
        ? { notes: { api_version: ['0.2', '1.3', '1.4'], version: '6.0.2', notes_path: 'Notes' } }
        : {}),
      provisioning_api: {
        version: '1.24.0',
        AccountPropertyScopesVersion: 2,
        AccountPropertyScopesFederatedEnabled: true,
        AccountPropertyScopesPublishedEnabled: false,
      },
      theming: theming(baseUrl),
    },
  };
}

/** `status.php`, public. */
export const STATUS = {
  installed: true,
  maintenance: false,
  needsDbUpgrade: false,
  version: '34.0.1.2',
  versionstring: '34.0.1',
  edition: '',
  productname: 'Nextcloud',
  extendedSupport: false,
};
