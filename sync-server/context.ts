/**
 * The context every route handler receives. Its own module, so that the routes
 * need not import app.ts, which imports them.
 */
import type { AuthContext } from './auth';
import type { BlobStore } from './blob-store';
import type { Channel } from '../src/core/notify';
import type { ChannelAdapter } from './notify/channels';
import type { LiveHub } from './live';
import type { RateLimiter } from './rate-limit';

/** What every handler may use: the store, the live-update hub, how tokens are judged. */
export interface AppContext extends AuthContext {
  hub: LiveHub;
  joinLimiter: RateLimiter;
  blobs: BlobStore;
  /** How many bytes of photos one work may store (blob-routes.ts). */
  workQuotaBytes: number;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  /** The notification worker of this process, woken after a push commits; absent: nothing is sent from here. */
  notifier?: { wake(): void };
  /** The channels' senders (tests give fakes); the real ones when absent. */
  notifyAdapters?: { [C in Channel]: ChannelAdapter<C> };
  /** Web Push endpoints allowed besides the known push services (a test's loopback stand-in). */
  pushOrigins?: readonly string[];
}
