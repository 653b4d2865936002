/**
 * The sandboxed preload: exposes `window.desk`, built from the IPC contract, and nothing
 * else. Never exposes `ipcRenderer` or an IPC event object (they leak `event.sender`);
 * listeners receive the payload only. Bundled by esbuild with only `electron` external.
 */
// First: must run before the contract's schemas are built (see the file).
import '../../common/zod-jitless';
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createDeskApi, DESK_EVENT_CHANNEL } from '../../common/ipc-contract';

const desk = createDeskApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (listener) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(DESK_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(DESK_EVENT_CHANNEL, handler);
    };
  },
);

contextBridge.exposeInMainWorld('desk', desk);
