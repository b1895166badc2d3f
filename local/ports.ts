import { createServer, type Server } from 'node:net';

/** Every local server binds the loopback interface only. */
export const LOOPBACK = '127.0.0.1';

const listen = (server: Server, port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/**
 * `count` distinct free ports, for services that cannot listen on port 0 themselves (cognito-local puts its
 * port into the token issuer; DynamoDB Local never reports the port it chose). All are held open until every
 * one is known, so the kernel cannot hand the same port out twice.
 */
export const findFreePorts = async (count: number): Promise<number[]> => {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    await Promise.all(servers.map((server) => listen(server, 0)));
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('a TCP server has no port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
};

export const isPortFree = async (port: number): Promise<boolean> => {
  const server = createServer();
  try {
    await listen(server, port);
    await close(server);
    return true;
  } catch {
    return false;
  }
};

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly service: string,
    readonly envVar: string,
  ) {
    super(`Port ${port} (${service}) is already in use: stop what runs there, or set ${envVar} to another port.`);
  }
}

/** Checked before anything is spawned, so a busy port is one clear error instead of a hang or a half-started stack. */
export const assertPortsFree = async (
  ports: readonly { port: number; service: string; envVar: string }[],
): Promise<void> => {
  for (const { port, service, envVar } of ports) {
    if (!(await isPortFree(port))) throw new PortInUseError(port, service, envVar);
  }
};
