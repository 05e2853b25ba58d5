import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How long, and for how many more bytes, a refused request's body is read and thrown away before the socket goes. */
export const LINGER_MS = 2_000;
export const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Lingering close for a 413 given before the request's body was read (a body over the limit).
 *
 * Such an answer ends the connection (`Connection: close`: what the client still sends belongs to a request that was
 * refused, and a declared length may be gigabytes). Node.js closed the socket as soon as the answer was written,
 * while the client was still sending; a socket closed with unread data sends a TCP reset, and the reset can reach
 * the client before it has read the answer — it then sees "connection reset" or nothing instead of the 413 problem.
 * RFC 9112 § 9.6 asks a server to close in stages for this reason (nginx: lingering close). Here the answer is
 * followed by a half close (FIN), and what the client still sends is read and discarded for up to {@link LINGER_MS}
 * and {@link LINGER_BYTES}; then the socket is destroyed — by then the client has long read the answer.
 */
export function registerLingeringClose(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    const socket = request.raw.socket;
    // Injected requests (tests) have no network socket to close in stages.
    if (reply.statusCode !== 413 || request.raw.complete || !(socket instanceof Socket)) return;
    reply.header('connection', 'close');
    // Node.js ends a `Connection: close` answer with destroySoon(); for this socket that becomes the first stage only.
    socket.destroySoon = function halfClose(this: Socket) {
      this.end();
    };
    lingerThenDestroy(request.raw, socket);
  });
}

function lingerThenDestroy(raw: IncomingMessage, socket: Socket): void {
  let discarded = 0;
  const stop = () => {
    cleanUp();
    socket.destroy();
  };
  const count = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) stop();
  };
  const timer = setTimeout(stop, LINGER_MS);
  timer.unref();
  const cleanUp = () => {
    clearTimeout(timer);
    socket.off('data', count);
    socket.off('close', cleanUp);
  };
  socket.on('data', count);
  socket.once('close', cleanUp);
  // The rest of the refused body flows and is thrown away (nothing reads it any more).
  raw.resume();
}
