// End-to-end check of the gateway's MCP endpoint with the official MCP TypeScript SDK client.
// Usage: node e2e.mjs http <url> <stateless|stateful>
//        node e2e.mjs stdio <command> [args...]   (environment is passed through)
// Prints one "ok ..." line per passed check; exits 1 with the reason on the first failure.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [kind, target, ...rest] = process.argv.slice(2);
const transportErrors = [];

function createTransport(user) {
  if (kind === 'http') {
    return new StreamableHTTPClientTransport(new URL(target), { requestInit: { headers: { 'X-Test-User': user } } });
  }
  if (kind === 'stdio') {
    return new StdioClientTransport({ command: target, args: rest, env: process.env, stderr: 'pipe' });
  }
  throw new Error(`unknown kind '${kind}'`);
}

async function connect(user) {
  const client = new Client({ name: 'gateway-e2e', version: '1.0.0' });
  const transport = createTransport(user);
  let stderr = '';
  client.onerror = (error) => transportErrors.push(String(error));
  await client.connect(transport);
  transport.stderr?.on('data', (chunk) => { stderr += chunk; });
  return { client, transport, stderr: () => stderr };
}

function ok(what) {
  console.log(`ok ${kind}${kind === 'http' ? ' ' + rest[0] : ''}: ${what}`);
}

async function main() {
  const { client, transport, stderr } = await connect('bob');
  assert.equal(client.getServerVersion()?.name, 'orleans-search');
  ok('initialize');

  if (kind === 'http') {
    if (rest[0] === 'stateful') {
      // The SDK issues 128-bit random ids, base64url: 22 characters.
      assert.match(transport.sessionId ?? '', /^[A-Za-z0-9_-]{22,}$/, `session id expected, got ${transport.sessionId}`);
    } else {
      assert.equal(transport.sessionId, undefined, 'a stateless endpoint must not issue a session id');
    }
    ok(`session id ${transport.sessionId === undefined ? 'absent' : 'issued'}`);
  }

  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name).sort();
  for (const expected of ['echo', 'fail', 'slow', 'whoami']) {
    assert.ok(names.includes(expected), `tools/list lacks ${expected}: ${names}`);
  }
  const echoTool = tools.find((t) => t.name === 'echo');
  assert.equal(echoTool.inputSchema.properties.text.type, 'string');
  assert.deepEqual(echoTool.inputSchema.required, ['text']);
  assert.ok(echoTool.outputSchema, 'echo has an output schema');
  ok('tools/list');

  // The SDK client validates structuredContent against the tool's outputSchema.
  const echo = await client.callTool({ name: 'echo', arguments: { text: 'ab', times: 3 } });
  assert.equal(echo.isError, undefined);
  assert.deepEqual(echo.structuredContent, { text: 'ababab', length: 6, times: 3 });
  ok('echo structured content');

  const badArgument = await client.callTool({ name: 'echo', arguments: { text: 'x', times: 99 } });
  assert.equal(badArgument.isError, true);
  assert.match(badArgument.content[0].text, /times is 99/);
  ok('tool error with its message');

  const failed = await client.callTool({ name: 'fail', arguments: {} });
  assert.equal(failed.isError, true);
  ok('failing tool reports isError');

  await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /no_such_tool|not found|Unknown tool/i);
  ok('unknown tool is a JSON-RPC error');

  const who = await client.callTool({ name: 'whoami', arguments: {} });
  assert.equal(who.isError, undefined, JSON.stringify(who.content));
  if (kind === 'http') {
    assert.equal(who.structuredContent.userFromContext, 'bob');
    assert.equal(who.structuredContent.userFromHttpContext, 'bob');
    assert.ok(who.structuredContent.requestId.length > 0, 'the handler sees the HTTP request');
  } else {
    assert.equal(who.structuredContent.userFromHttpContext, '');
  }
  ok('caller identity');

  const aborted = new AbortController();
  const slow = client.callTool({ name: 'slow', arguments: { milliseconds: 30000 } }, undefined, { signal: aborted.signal });
  setTimeout(() => aborted.abort('test gave up'), 300);
  await assert.rejects(slow);
  const afterCancel = await client.callTool({ name: 'echo', arguments: { text: 'still here' } });
  assert.equal(afterCancel.structuredContent.text, 'still here');
  ok('cancelled call, connection still usable');

  const parallel = await Promise.all([1, 2, 3, 4, 5].map((i) => client.callTool({ name: 'echo', arguments: { text: `p${i}` } })));
  assert.deepEqual(parallel.map((r) => r.structuredContent.text), ['p1', 'p2', 'p3', 'p4', 'p5']);
  ok('concurrent calls');

  await client.ping();
  ok('ping');

  if (kind === 'http' && rest[0] === 'stateful') {
    await transport.terminateSession();
    assert.equal(transport.sessionId, undefined);
    ok('session terminated with DELETE');
  }
  await client.close();

  if (kind === 'stdio') {
    assert.match(stderr(), /MCP stdio server started/, 'the gateway logs to stderr');
    ok('logs on stderr, stdout carries only JSON-RPC');
  }
  assert.deepEqual(transportErrors, [], `transport errors: ${transportErrors.join('; ')}`);
  ok('no transport errors');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`FAILED ${kind}: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
