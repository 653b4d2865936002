/** The channels of Settings and the app's identity: app info, the key, the connection test, settings, network. */
import { checkApiAddress } from '../../../common/api-address';
import { liveDestination } from '../../../common/destination';
import type { DeskHandlers, NetworkInfo } from '../../../common/ipc-contract';
import { err, ok } from '../../../common/result';
import { isComplaintMissing } from '../api-errors';
import type { ChannelContext } from './context';
import { POLICY_API_URL_REFUSED } from './targets';

/** A complaint ID that cannot exist: `testConnection` asks for it. */
export const CONNECTION_TEST_ID = '__desk_connection_test__';

type SettingsChannels = Pick<
  DeskHandlers,
  | 'getAppInfo'
  | 'getKeyStatus'
  | 'saveKey'
  | 'removeKey'
  | 'testConnection'
  | 'getSettings'
  | 'updateSettings'
  | 'getNetworkInfo'
>;

export function settingsChannels(c: ChannelContext): SettingsChannels {
  const { o, keys, settings, targets, emit } = c;
  const { live } = targets;
  const policy = o.policy;
  const demoAllowed = policy?.enforced.demoMode !== false;
  return {
    getAppInfo: async () => {
      let apiUrl: string;
      if (policy?.apiUrlRefused && (targets.mode() === 'live' || !demoAllowed)) {
        // No live API under a refused policy address: none is shown, never the fallback.
        apiUrl = '';
      } else if (targets.mode() === 'live' || !demoAllowed) {
        apiUrl = live.base();
      } else {
        try {
          apiUrl = (await targets.demoSandbox()).url;
        } catch {
          apiUrl = '(demo sandbox unavailable)';
        }
      }
      const checked = checkApiAddress(live.base());
      const dataProtection = await c.dataKeys.protection();
      return ok({
        version: o.version,
        host: o.host,
        platform: o.platform,
        mode: targets.mode(),
        apiUrl: c.secrets.scrub(apiUrl),
        destination: targets.destination(),
        liveDestination: liveDestination(live.origin()),
        liveHost: checked.ok ? checked.value.host : 'api.bizkithub.com',
        customApi: checked.ok ? checked.value.custom : false,
        sandbox: (targets.mode() === 'demo' && demoAllowed) || o.liveIsSandbox === true,
        locale: o.locale,
        dataProtection,
        ...(policy ? { policy: policy.view } : {}),
      });
    },

    getKeyStatus: async () => ok(keys.status()),

    saveKey: async ({ key, sessionOnly }) => {
      c.secrets.know(key.trim());
      if (policy?.apiUrlRefused) return err({ kind: 'invalid', message: POLICY_API_URL_REFUSED });
      if (sessionOnly && policy?.enforced.allowSessionOnlyKey === false) {
        return err({ kind: 'bad-request', message: 'Keeping the key for this session only is turned off by your organisation.' });
      }
      const r = await keys.save(key, { sessionOnly, origin: live.origin() });
      if (r.ok) {
        targets.forgetClient();
        emit({ type: 'key-changed' });
      }
      return r;
    },

    removeKey: async () => {
      const r = await keys.remove();
      targets.forgetClient();
      emit({ type: 'key-changed' });
      return r;
    },

    testConnection: async () => {
      const t = await targets.target();
      if (!t.ok) return t;
      const started = performance.now();
      const r = await t.value.client.detail(CONNECTION_TEST_ID);
      const latencyMs = Math.round(performance.now() - started);
      if (r.ok || isComplaintMissing(r.error)) return ok({ latencyMs, mode: t.value.mode });
      if (r.error.kind === 'auth') {
        return err({ ...r.error, message: `The API key was refused. ${r.error.message}` });
      }
      if (r.error.kind === 'not-found') {
        return err({
          ...r.error,
          message: `The API URL does not answer like the BizKitHub API. ${r.error.message}`,
        });
      }
      return err(r.error);
    },

    getSettings: async () => ok(settings.get()),

    updateSettings: async (patch) => {
      const r = settings.update(patch);
      if (r.ok) {
        targets.forgetClient();
        emit({ type: 'settings-changed' });
      }
      return r;
    },

    getNetworkInfo: async () => {
      const url = targets.mode() === 'live' ? live.base() : (targets.sandboxUrl() ?? live.base());
      const direct: NetworkInfo = { source: 'none', via: 'direct', proxy: null, variable: null };
      return ok(o.describeProxy ? await o.describeProxy(url) : direct);
    },
  };
}
