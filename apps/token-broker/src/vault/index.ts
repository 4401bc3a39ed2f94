export {
  ENCRYPTION_KEY_FORMAT,
  type EncryptionKey,
  type ParsedEncryptionKeys,
  parseEncryptionKeys,
} from './encryptionKeys.js';
export { createLazyVault } from './lazyVault.js';
export { VAULT_FILE_NAME } from './openVaultDatabase.js';
export { stateHash } from './pendingRows.js';
export type {
  GrantOwner,
  GrantSummary,
  LazyVault,
  NewGrant,
  PendingProvisioning,
  RefreshTokenVault,
  StoredGrant,
  VaultOptions,
} from './refreshTokenVault.js';
export { VaultError, type VaultErrorCode } from './vaultError.js';
