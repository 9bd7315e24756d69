import type { PlatformDeps } from '../../../platform/http/index.ts';
import type { PortalArea } from '../index.ts';

// Placeholder while the media library is being written (issue 7): no routes yet.
export function setupMedia(
  _deps: PlatformDeps,
): PortalArea & { registerPublicRoutes: PortalArea['registerRoutes'] } {
  return { registerRoutes() {}, registerPublicRoutes() {} };
}
