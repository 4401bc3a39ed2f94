export type { ClientRegistry, ClientRegistryOptions, RegisteredClient } from './clientRegistry.js';
export {
  ClientRegistryError,
  createClientRegistry,
  DEMO_CLIENT,
  isAllowedRedirectUri,
  loadClientRegistry,
  parseClientRegistryJson,
} from './clientRegistry.js';
