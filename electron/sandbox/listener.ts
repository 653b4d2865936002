/**
 * An HTTP listener that can be taken down and brought back on the same port, and that
 * knows its sockets: `server.close()` stops accepting and closes idle keep-alive sockets,
 * but leaves busy ones open (a request waiting out injected latency would still be
 * answered, and close() would wait for it). An outage has to cut those too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export class TrackedListener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(
    handler: RequestHandler,
    private readonly host: string,
  ) {
    this.server = createServer(handler);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Listens on `port` (0 = any free port the first time); returns the bound port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen({ port, host: this.host, exclusive: true }, () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve(this.boundPort);
      });
    });
  }

  /** Stops listening and destroys every open socket, including idle keep-alive ones. */
  stop(): Promise<void> {
    if (!this.server.listening) {
      this.destroySockets();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.destroySockets();
    });
  }

  private destroySockets(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
