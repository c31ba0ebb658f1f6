/**
 * moto_server (an AWS API emulator) on loopback, behind a small proxy that
 * mends the two places where moto's CloudFormation differs from AWS's in a
 * way that would stop a faithful deploy:
 *
 * - ValidateTemplate: moto runs cfn-lint and refuses the template on any
 *   finding, warnings included, where CloudFormation refuses only invalid
 *   templates. The Serverless Framework writes DependsOn lists that cfn-lint
 *   warns about (W3005). When moto refuses, the proxy lints the same template
 *   as `npm run lint:infra` does (scripts/lint-infra.ts) and accepts it only
 *   if nothing is left but that script's waivers; otherwise moto's refusal
 *   and the findings go back to the Framework, which fails the deploy.
 * - UpdateTerminationProtection: moto does not implement it. The proxy keeps
 *   the flag per stack as CloudFormation does: DescribeStacks reports it and
 *   DeleteStack of a protected stack is refused with CloudFormation's error,
 *   so `serverless remove` meets the same refusal as in AWS.
 *
 * Everything else goes to moto unchanged.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { judge, lintTemplate, type Finding } from '../lint-infra';

export const MOTO_INSTALL_HINT =
  "moto_server (AWS API emulator) is not installed: `pip install 'moto[server]'` (it needs cfn-lint too: `pip install cfn-lint`)";

/** True when moto_server can be started. */
export function motoAvailable(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited:\n${log()}`);
    try {
      const answer = await fetch(`${url}/moto-api/`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server did not answer on ${url} within 30 s:\n${log()}`);
}

export interface Moto {
  /** The proxy's URL: what AWS_ENDPOINT_URL points at. */
  readonly url: string;
  /** What the proxy did in place of moto, for the summary. */
  readonly tolerated: string[];
  stop(): Promise<void>;
}

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

const xmlResponse = (action: string, result: string) =>
  `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
  `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;

const xmlError = (message: string) =>
  `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
  `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Forwarded {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

async function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        void readBody(answer).then(
          (data) =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
          reject,
        );
      },
    );
    out.once('error', reject);
    out.end(body);
  });
}

/**
 * DescribeStacks' XML with each protected stack's own
 * EnableTerminationProtection set to true (moto always says false). Only the
 * elements directly in a stack's `<member>` are touched, not those of its
 * nested lists (Tags, Outputs, Parameters).
 */
export function withTerminationProtection(
  xml: string,
  isProtected: (stackName: string) => boolean,
): string {
  const stacksAt = xml.indexOf('<Stacks>');
  if (stacksAt < 0) return xml;
  let out = xml.slice(0, stacksAt + '<Stacks>'.length);
  let depth = 0;
  let stackName = '';
  const token =
    /<member>|<\/member>|<StackName>([^<]*)<\/StackName>|<EnableTerminationProtection>[^<]*<\/EnableTerminationProtection>|<\/Stacks>/g;
  token.lastIndex = out.length;
  let last = out.length;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    out += xml.slice(last, m.index);
    last = m.index + m[0].length;
    const [text, name] = m;
    if (text === '</Stacks>') {
      out += xml.slice(m.index);
      return out;
    }
    if (text === '<member>') depth++;
    else if (text === '</member>') depth--;
    else if (name !== undefined && depth === 1) stackName = name;
    if (depth === 1 && text.startsWith('<EnableTerminationProtection>') && isProtected(stackName)) {
      out += '<EnableTerminationProtection>true</EnableTerminationProtection>';
      continue;
    }
    out += text;
  }
  return out + xml.slice(last);
}

/** The template a ValidateTemplate call names: its body, or its S3 object in moto. */
async function templateOf(params: URLSearchParams, motoUrl: string, region: string) {
  const body = params.get('TemplateBody');
  if (body) return body;
  const url = new URL(params.get('TemplateURL') ?? '');
  const [bucket, ...key] = url.pathname.replace(/^\//, '').split('/');
  const s3 = new S3Client({ endpoint: motoUrl, region, forcePathStyle: true });
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/') }));
  return (await object.Body?.transformToString()) ?? '';
}

/** Our verdict on a template moto refused: the findings no waiver covers. */
function lintFailures(template: string, region: string): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-validate-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, template);
    return [...judge('rehearsal', lintTemplate(file, region)).failures];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts moto_server on a free loopback port and the proxy on another.
 * @throws Error when moto_server is missing or does not come up
 */
export async function startMoto(region: string): Promise<Moto> {
  const motoPort = await freePort();
  let output = '';
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(motoPort)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const motoUrl = `http://127.0.0.1:${motoPort}`;
  await waitUntilUp(motoUrl, child, () => output);

  const target = new URL(motoUrl);
  const protectedStacks = new Set<string>();
  const tolerated: string[] = [];

  const handle = async (req: IncomingMessage): Promise<Forwarded> => {
    const body = await readBody(req);
    const isCloudFormation = /\/cloudformation\/aws4_request/.test(
      String(req.headers.authorization ?? ''),
    );
    const params = new URLSearchParams(isCloudFormation ? body.toString('utf8') : '');
    const action = params.get('Action');
    const answer = (status: number, xml: string): Forwarded => ({
      status,
      headers: { 'content-type': 'text/xml' },
      body: Buffer.from(xml),
    });
    const stackName = params.get('StackName') ?? '';

    if (action === 'UpdateTerminationProtection') {
      const enabled = params.get('EnableTerminationProtection') === 'true';
      if (enabled) protectedStacks.add(stackName);
      else protectedStacks.delete(stackName);
      tolerated.push(`UpdateTerminationProtection ${stackName} → ${enabled} (kept by the proxy)`);
      return answer(200, xmlResponse(action, `<StackId>${escapeXml(stackName)}</StackId>`));
    }
    if (action === 'DeleteStack' && protectedStacks.has(stackName)) {
      return answer(
        400,
        xmlError(`Stack [${stackName}] cannot be deleted while TerminationProtection is enabled`),
      );
    }

    const moto = await forward(target, req, body);
    if (action === 'ValidateTemplate' && moto.status >= 400) {
      const failures = lintFailures(await templateOf(params, motoUrl, region), region);
      if (failures.length > 0) {
        const list = failures.map((f) => `${f.Rule.Id} ${f.Message}`).join('; ');
        return answer(400, xmlError(`cfn-lint: ${list}`));
      }
      const refusal = /<Message>([^<]*)<\/Message>/.exec(moto.body.toString())?.[1] ?? '';
      tolerated.push(`ValidateTemplate: moto refused a waived finding (${refusal.slice(0, 120)})`);
      return answer(200, xmlResponse(action, '<Parameters/><Capabilities/>'));
    }
    if (action === 'DescribeStacks' && protectedStacks.size > 0) {
      const xml = withTerminationProtection(moto.body.toString(), (name) =>
        protectedStacks.has(name),
      );
      return { ...moto, body: Buffer.from(xml) };
    }
    return moto;
  };

  const proxy: Server = createServer((req, res) => {
    handle(req).then(
      ({ status, headers, body }) => {
        const clean = Object.fromEntries(
          Object.entries(headers).filter(
            ([k, v]) => v !== undefined && !['content-length', 'transfer-encoding'].includes(k),
          ),
        );
        res.writeHead(status, { ...clean, 'content-length': body.length });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`rehearsal proxy: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  });
  const proxyPort = await new Promise<number>((resolve) =>
    proxy.listen(0, '127.0.0.1', () => resolve((proxy.address() as AddressInfo).port)),
  );

  return {
    url: `http://127.0.0.1:${proxyPort}`,
    tolerated,
    async stop() {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}
