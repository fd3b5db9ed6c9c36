import net from 'node:net';

export type FrameDecision = 'pass' | 'drop' | 'cut';

/**
 * A TCP proxy on loopback between a client and the gateway that can cut connections and drop WebSocket frames: a
 * real fault on the wire, the client and the gateway untouched. Frames are parsed in both directions (client
 * frames unmasked to read them); each SignalR text frame is shown to the filter, which passes it, drops it, or
 * drops it and cuts the connection.
 */
export class FaultProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  /** Decides on each text frame from the gateway to the client. */
  fromServer: (text: string) => FrameDecision = () => 'pass';
  /** Decides on each text frame from the client to the gateway. */
  fromClient: (text: string) => FrameDecision = () => 'pass';
  /** While true, new connections are refused (closed at once): the client keeps trying. */
  refuse = false;
  port = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  /** Cuts every open connection, both ways. */
  cutAll(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.refuse) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', relay(upstream, close, (t) => this.fromClient(t)));
    upstream.on('data', relay(client, close, (t) => this.fromServer(t)));
  }
}

/** Passes HTTP through until a WebSocket upgrade, then parses frames and asks `decide` about each text frame. */
function relay(to: net.Socket, cut: () => void, decide: (text: string) => FrameDecision): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  let frames = false;
  let headers = '';
  return (chunk) => {
    if (!frames) {
      headers += chunk.toString('latin1');
      const end = headers.indexOf('\r\n\r\n');
      const upgrade = /^HTTP\/1\.1 101|^GET [^\r\n]*\r\n(?:[^\r\n]+\r\n)*?upgrade: websocket/im.test(headers);
      if (end < 0 || !upgrade) {
        if (end >= 0) headers = '';
        to.write(chunk);
        return;
      }
      // Headers go through as they are; what follows them is frames.
      // latin1 keeps one character per byte, so string positions are byte positions.
      const headerBytes = end + 4 - (headers.length - chunk.length);
      to.write(chunk.subarray(0, headerBytes));
      chunk = chunk.subarray(headerBytes);
      frames = true;
    }
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const frame = parseFrame(buffer);
      if (!frame) return;
      const raw = buffer.subarray(0, frame.length);
      buffer = buffer.subarray(frame.length);
      const decision = frame.opcode === 1 ? decide(frame.payload.toString('utf8')) : 'pass';
      if (decision === 'cut') {
        cut();
        return;
      }
      if (decision === 'pass') to.write(raw);
    }
  };
}

function parseFrame(buf: Buffer): { length: number; opcode: number; payload: Buffer } | null {
  if (buf.length < 2) return null;
  const masked = (buf[1]! & 0x80) !== 0;
  let length = buf[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskAt = offset;
  if (masked) offset += 4;
  if (buf.length < offset + length) return null;
  const payload = Buffer.from(buf.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buf[maskAt + (i % 4)]!;
  return { length: offset + length, opcode: buf[0]! & 0x0f, payload };
}
