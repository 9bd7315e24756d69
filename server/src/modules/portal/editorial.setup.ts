import type { PlatformDeps } from '../../platform/http/index.ts';
import type { PortalArea } from './index.ts';

// Placeholder while the editorial area is being written (issue 7): no routes yet.
export function setupEditorial(_deps: PlatformDeps): PortalArea {
  return { registerRoutes() {} };
}
