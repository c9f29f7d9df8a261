// End-to-end check of the gateway's real MCP tools (create_index, index_documents, search, lookup,
// get_document, describe_index, list_indexes, delete_documents) with the official MCP TypeScript SDK client.
// Usage: node search-tools.mjs http <url> <stateless|stateful>
//        node search-tools.mjs stdio <command> [args...]        (environment is passed through)
//        node search-tools.mjs rate-limit <url>                  (the gateway runs with a tiny anonymous plan)
// Prints one "ok ..." line per passed check; prints "FAIL ..." and exits 1 on the first failure.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [kind, target, ...rest] = process.argv.slice(2);
const label = kind === 'http' ? `${kind} ${rest[0]}` : kind;
const transportErrors = [];
let gatewayStderr = '';
let finished = false;
const realTools = ['search', 'get_document', 'lookup', 'index_documents', 'delete_documents', 'create_index', 'list_indexes', 'describe_index'];

function ok(what) {
  console.log(`ok ${label}: ${what}`);
}

async function connect() {
  const transport = kind === 'stdio'
    ? new StdioClientTransport({ command: target, args: rest, env: process.env, stderr: 'pipe' })
    : new StreamableHTTPClientTransport(new URL(target));
  const client = new Client({ name: 'search-tools-e2e', version: '1.0.0' });
  client.onerror = (error) => transportErrors.push(String(error));
  await client.connect(transport);
  // Read the gateway's log, so its pipe drains and closing the transport completes; shown on failure.
  transport.stderr?.on('data', (chunk) => { gatewayStderr += chunk; });
  return { client, transport };
}

/** Calls a tool that must succeed; the SDK client has already checked structuredContent against the outputSchema. */
async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.notEqual(result.isError, true, `${name} failed: ${JSON.stringify(result.content)}`);
  assert.ok(result.structuredContent, `${name} returned no structured content`);
  return result.structuredContent;
}

/** Calls a tool that must fail with a tool error (not a JSON-RPC error) and returns its JSON error body. */
async function callFailing(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.isError, true, `${name} should have failed: ${JSON.stringify(result)}`);
  const text = result.content?.[0]?.text ?? '';
  const start = text.indexOf('{');
  assert.ok(start >= 0, `${name}: the tool error is not a JSON error body: ${text}`);
  const body = JSON.parse(text.slice(start));
  assert.equal(typeof body.code, 'string', text);
  assert.equal(typeof body.message, 'string', text);
  assert.ok(typeof body.request_id === 'string' && body.request_id.length > 0, `${name}: no request_id in ${text}`);
  return body;
}

function assertSearchShape(output, index) {
  assert.equal(output.index, index);
  assert.equal(typeof output.total, 'number');
  assert.equal(typeof output.total_is_exact, 'boolean');
  assert.ok(Array.isArray(output.hits));
  assert.ok(output.next_cursor === undefined || typeof output.next_cursor === 'string', `next_cursor: ${output.next_cursor}`);
  assert.equal(output.partial, false);
  assert.deepEqual(output.missing_shards, []);
  for (const hit of output.hits) {
    assert.equal(typeof hit.id, 'string');
    assert.equal(typeof hit.score, 'number');
  }
}

const ids = (output) => output.hits.map((hit) => hit.id);

async function checkTools(client) {
  const { tools } = await client.listTools();
  for (const name of realTools) {
    const tool = tools.find((t) => t.name === name);
    assert.ok(tool, `tools/list lacks ${name}: ${tools.map((t) => t.name)}`);
    assert.ok(tool.description && tool.description.length > 20, `${name} has no description`);
    assert.equal(tool.inputSchema?.type, 'object', `${name} has no inputSchema`);
    assert.equal(tool.outputSchema?.type, 'object', `${name} has no outputSchema`);
  }
  const search = tools.find((t) => t.name === 'search');
  assert.deepEqual([...search.inputSchema.required].sort(), ['index', 'query']);
  for (const property of ['hits', 'total', 'next_cursor', 'facets']) {
    assert.ok(property in search.outputSchema.properties, `search's outputSchema lacks ${property}`);
  }
  ok('tools/list has the 8 real tools with descriptions, input and output schemas');
}

async function checkAllTools(client) {
  const index = `e2e-${label.replace(' ', '-')}-${process.pid}-${Date.now().toString(36)}`;

  const created = await call(client, 'create_index', {
    name: index,
    shards: 2,
    fields: [
      { name: 'title', type: 'text', boost: 2 },
      { name: 'body', type: 'text' },
      { name: 'genre', type: 'keyword' },
      { name: 'year', type: 'number' },
      { name: 'meaning', type: 'vector', embed_from: ['title', 'body'] },
    ],
  });
  assert.equal(created.name, index);
  assert.equal(created.shards, 2);
  assert.deepEqual(created.fields.map((f) => [f.name, f.type]), [['title', 'text'], ['body', 'text'], ['genre', 'keyword'], ['year', 'number'], ['meaning', 'vector']]);
  assert.equal(created.fields[0].boost, 2);
  assert.deepEqual([created.fields[4].dimension, created.fields[4].embed_from], [512, ['title', 'body']]);
  ok('create_index');

  const written = await call(client, 'index_documents', {
    index,
    documents: [
      { id: 'dune', fields: { title: 'Dune', body: 'A desert planet, its spice and the sandworms.', genre: 'scifi', year: 1965 } },
      { id: 'foundation', fields: { title: 'Foundation', body: 'A galactic empire declines; psychohistory plans the recovery.', genre: 'scifi', year: 1951 } },
      { id: 'neuromancer', fields: { title: 'Neuromancer', body: 'A hacker in cyberspace, the desert of the real.', genre: 'scifi', year: 1984 } },
      { id: 'emma', fields: { title: 'Emma', body: 'Matchmaking in a village goes wrong.', genre: 'romance', year: 1815 } },
      { id: 'persuasion', fields: { title: 'Persuasion', body: 'A second chance at love, which Emma never needed.', genre: 'romance', year: 1817 } },
      { id: 'broken', fields: { title: 'Broken', colour: 'red' } },
    ],
  });
  assert.equal(written.index, index);
  assert.equal(written.succeeded, 5, JSON.stringify(written));
  assert.equal(written.failed, 1, JSON.stringify(written));
  assert.equal(written.results.length, 6);
  for (const outcome of written.results.slice(0, 5)) {
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.ok(outcome.version > 0, JSON.stringify(outcome));
  }
  const broken = written.results[5];
  assert.equal(broken.id, 'broken');
  assert.equal(broken.ok, false);
  assert.equal(broken.error, 'invalid_document');
  assert.match(broken.message, /colour/);
  ok('index_documents: per-document outcomes, the invalid one refused with invalid_document');

  const idsOnly = await call(client, 'search', { index, query: 'desert', detail: 'ids' });
  assertSearchShape(idsOnly, index);
  assert.deepEqual(ids(idsOnly).sort(), ['dune', 'neuromancer']);
  assert.equal(idsOnly.total, 2);
  assert.ok(idsOnly.hits.every((hit) => hit.fields === undefined && hit.highlights === undefined), JSON.stringify(idsOnly.hits));
  ok('search detail=ids');

  const metadata = await call(client, 'search', { index, query: 'emma' });
  assertSearchShape(metadata, index);
  assert.deepEqual(ids(metadata), ['emma', 'persuasion'], 'the boosted title match ranks first');
  assert.equal(metadata.hits[0].fields.genre, 'romance', 'one keyword value is a string, as get_document returns it: ' + JSON.stringify(metadata.hits[0]));
  assert.equal(metadata.hits[0].fields.year, 1815, JSON.stringify(metadata.hits[0]));
  ok('search detail=metadata, title boost ranks first');

  const preview = await call(client, 'search', { index, query: 'sandworms', detail: 'preview' });
  assert.deepEqual(ids(preview), ['dune']);
  assert.match(Object.values(preview.hits[0].highlights ?? {}).join(' '), /sandworms/i, JSON.stringify(preview.hits[0]));
  ok('search detail=preview has highlights');

  const faceted = await call(client, 'search', { index, query: 'desert planet empire village love', facets: ['genre'], detail: 'ids', top_k: 2 });
  assertSearchShape(faceted, index);
  assert.equal(faceted.total, 5);
  assert.equal(faceted.hits.length, 2);
  assert.ok(faceted.next_cursor, 'more hits than top_k gives a next_cursor');
  const genres = Object.fromEntries(faceted.facets.genre.map((f) => [f.value, f.count]));
  assert.deepEqual(genres, { scifi: 3, romance: 2 });
  const pages = [...ids(faceted)];
  for (let cursor = faceted.next_cursor; cursor;) {
    const page = await call(client, 'search', { index, query: 'desert planet empire village love', detail: 'ids', top_k: 2, cursor });
    pages.push(...ids(page));
    cursor = page.next_cursor;
  }
  assert.deepEqual([...pages].sort(), ['dune', 'emma', 'foundation', 'neuromancer', 'persuasion']);
  ok('search facets and cursor pages');

  const semantic = await call(client, 'search', { index, query: 'courtship and finding a husband', mode: 'semantic', detail: 'ids', top_k: 2 });
  assertSearchShape(semantic, index);
  assert.equal(semantic.total, 5, 'every document with a vector is a semantic match');
  assert.ok(['emma', 'persuasion'].includes(ids(semantic)[0]), JSON.stringify(semantic.hits));
  const hybrid = await call(client, 'search', { index, query: 'desert', mode: 'hybrid', detail: 'ids', top_k: 5 });
  assert.equal(hybrid.hits.length, 5);
  assert.ok(['dune', 'neuromancer'].includes(ids(hybrid)[0]), JSON.stringify(hybrid.hits));
  ok('search mode=semantic and mode=hybrid');

  const filtered = await call(client, 'search', { index, query: 'desert planet empire village love', detail: 'ids', filters: { genre: 'scifi', year: { gte: 1960 } } });
  assert.deepEqual(ids(filtered).sort(), ['dune', 'neuromancer']);
  ok('search filters (keyword and number range)');

  const document = await call(client, 'get_document', { index, id: 'foundation' });
  assert.equal(document.id, 'foundation');
  assert.ok(document.version > 0);
  assert.equal(document.fields.title, 'Foundation', JSON.stringify(document));
  assert.equal(document.fields.year, 1951, JSON.stringify(document));
  assert.equal(document.fields.meaning, undefined, 'embedded vectors are not returned');
  ok('get_document');

  const lookedUp = await call(client, 'lookup', { index, field: 'genre', value: 'romance', facets: ['genre'], detail: 'ids' });
  assert.deepEqual(ids(lookedUp), ['emma', 'persuasion'], 'lookup is ordered by id');
  assert.equal(lookedUp.total, 2);
  ok('lookup');

  const described = await call(client, 'describe_index', { index });
  assert.equal(described.name, index);
  assert.equal(described.documents, 5);
  assert.equal(described.shard_placement.length, 2);
  assert.deepEqual(described.shard_placement.map((s) => s.shard).sort(), [0, 1]);
  assert.equal(described.shard_placement.reduce((sum, s) => sum + s.documents, 0), 5);
  assert.ok(described.shard_placement.every((s) => typeof s.silo === 'string' && s.silo.length > 0), JSON.stringify(described.shard_placement));
  ok('describe_index: document count and shard placement');

  const listed = await call(client, 'list_indexes', {});
  const mine = listed.indexes.find((i) => i.name === index);
  assert.ok(mine, `list_indexes lacks ${index}`);
  assert.equal(mine.fields.length, 5);
  ok('list_indexes');

  const deleted = await call(client, 'delete_documents', { index, ids: ['foundation', 'never-existed'] });
  assert.equal(deleted.succeeded, 1, JSON.stringify(deleted));
  assert.equal(deleted.results.find((r) => r.id === 'foundation').ok, true);
  assert.equal(deleted.results.find((r) => r.id === 'never-existed').error, 'not_found');
  const gone = await callFailing(client, 'get_document', { index, id: 'foundation' });
  assert.equal(gone.code, 'document_not_found');
  const afterDelete = await call(client, 'search', { index, query: 'empire', detail: 'ids' });
  assert.equal(afterDelete.total, 0);
  ok('delete_documents, then get_document is a document_not_found tool error with a request_id');

  const unknown = await callFailing(client, 'search', { index: `${index}-missing`, query: 'dune' });
  assert.equal(unknown.code, 'index_not_found');
  ok('search on an unknown index is an index_not_found tool error');

  const tooMany = await callFailing(client, 'search', { index, query: 'dune', top_k: 1000000000 });
  assert.equal(tooMany.code, 'invalid_argument');
  assert.match(tooMany.message, /top_k/);
  ok('top_k 1000000000 is an invalid_argument tool error');

  const wrongType = await callFailing(client, 'search', { index, query: 'dune', top_k: 'ten' });
  assert.equal(wrongType.code, 'invalid_argument');
  assert.match(wrongType.message, /Argument 'top_k' is invalid: expected an integer, got a string/);
  const missing = await callFailing(client, 'get_document', { index });
  assert.equal(missing.code, 'invalid_argument');
  assert.match(missing.message, /Argument 'id' is invalid: it is required but missing/);
  ok('arguments of the wrong type or missing are invalid_argument tool errors naming the argument');
}

async function checkRateLimit(client) {
  for (let attempt = 1; attempt <= 50; attempt++) {
    const result = await client.callTool({ name: 'list_indexes', arguments: {} });
    if (result.isError) {
      const body = JSON.parse(result.content[0].text.slice(result.content[0].text.indexOf('{')));
      assert.equal(body.code, 'rate_limited', JSON.stringify(body));
      assert.ok(body.retry_after_seconds > 0, `retry_after_seconds must be positive: ${JSON.stringify(body)}`);
      assert.ok(body.request_id, JSON.stringify(body));
      ok(`rate_limited tool error after ${attempt - 1} calls, retry after ${body.retry_after_seconds} s`);
      return;
    }
  }
  assert.fail('50 calls on a plan of a few requests were never rate limited');
}

async function main() {
  const { client, transport } = await connect();
  assert.equal(client.getServerVersion()?.name, 'orleans-search');
  ok('initialize');
  if (kind === 'rate-limit') {
    await checkRateLimit(client);
  } else {
    if (kind === 'http') {
      assert.equal(transport.sessionId === undefined, rest[0] === 'stateless', `session id: ${transport.sessionId}`);
    }
    await checkTools(client);
    await checkAllTools(client);
  }
  await client.close();
  assert.deepEqual(transportErrors, [], `transport errors: ${transportErrors.join('; ')}`);
  ok('no transport errors');
  finished = true;
}

// A promise that never settles lets node exit with code 0 halfway: that must count as a failure.
process.on('exit', (code) => {
  if (code === 0 && !finished) {
    console.error(`FAIL ${label}: the script stopped before its last check`);
    process.exitCode = 1;
  }
});

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`FAIL ${label}: ${error?.stack ?? error}`);
    if (gatewayStderr) {
      console.error(`gateway stderr:\n${gatewayStderr}`);
    }
    process.exit(1);
  },
);
