import { createServer } from 'node:http';

/**
 * A local stand-in for on-call tools: accepts every webhook POST and prints
 * one line per message (path, kind, step, title), so the demo shows who got
 * paged and when. Port from DEMO_RECEIVER_PORT, default 9300.
 */
const port = Number(process.env['DEMO_RECEIVER_PORT'] ?? 9300);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const time = new Date().toISOString().slice(11, 19);
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        notification?: {
          kind?: string;
          step?: number;
          breaches?: unknown[];
          message?: string;
          incident?: { counts?: { open?: number } };
        };
        message?: { title?: string };
      };
      const n = body.notification ?? {};
      const extra =
        n.kind === 'breach'
          ? ` step ${n.step}`
          : n.kind === 'digest'
            ? ` ${n.breaches?.length} breaches`
            : n.kind === 'incident'
              ? ` ${n.message} (${n.incident?.counts?.open} open)`
              : '';
      console.log(`${time} ${request.url} ${n.kind ?? '?'}${extra}: ${body.message?.title ?? ''}`);
    } catch {
      console.log(`${time} ${request.url} (not JSON, ${Buffer.concat(chunks).length} bytes)`);
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});

server.listen(port, '127.0.0.1', () => console.log(`demo receiver listening on http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
