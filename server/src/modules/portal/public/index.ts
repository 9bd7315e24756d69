import type { PlatformDeps } from '../../../platform/http/index.ts';
import type { PortalArea } from '../index.ts';

// Placeholder while the public sites are being written (issue 7): no routes yet.
export function setupPublicSites(_deps: PlatformDeps): PortalArea {
  return { registerRoutes() {} };
}
