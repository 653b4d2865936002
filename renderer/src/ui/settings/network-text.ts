import type { NetworkInfo } from '../../../../common/ipc-contract';
import type { MessageKey } from '../../i18n/en';
import type { Params } from '../../i18n/types';

type Translate = (key: MessageKey, params?: Params) => string;

/** Settings' sentence about the proxy main's requests to the API go through. */
export function describeNetwork(info: NetworkInfo, t: Translate): string {
  if (info.via === 'local') return t('settings.proxyLocal');
  if (info.via === 'direct') {
    if (info.source === 'system') return t('settings.proxyDirectSystem');
    if (info.source === 'environment') return t('settings.proxyDirectExempt');
    return t('settings.proxyNone');
  }
  const proxy = info.proxy ?? '?';
  if (info.source === 'environment') return t('settings.proxyEnvironment', { proxy, variable: info.variable ?? 'HTTPS_PROXY' });
  return t('settings.proxySystem', { proxy });
}
