// The node's HTTP API on Fastify (docs/protocol.md §13.3). Requests are checked by closed JSON
// schemas, then operations against the pending state; every refusal is a typed 4xx
// `{ error: { code, field, message } }` and stores nothing: `node.*` codes for the request,
// core's own code (`core.insufficient_balance`) for a rule of the state.
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { RollupClient } from '@zkr/sdk';
import { DuplicateOperationError, RequestError } from './errors.js';
import type { NodeMetrics } from './metrics.js';
import { postedOperation, signatureKey, type SignedOperationJson } from './operationJson.js';
import type { Pipeline } from './pipeline.js';
import { batchesQuery, idParams, indexParams, transferBody, withdrawBody } from './schemas.js';
import type { NodeStore } from './store/store.js';

export interface ApiOptions {
  readonly store: NodeStore;
  readonly pipeline: Pipeline;
  readonly client: RollupClient;
  readonly metrics: NodeMetrics;
  /** Largest request body in bytes. */
  readonly bodyLimit: number;
  /** Requests per client address per window. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number };
}

/** ajv's first error as the request field it names: `signature.r8x`, or the unknown property. */
function validationField(error: FastifyError): string {
  const v = error.validation?.[0];
  if (!v) return 'body';
  const path = v.instancePath.split('/').filter(Boolean).join('.');
  const params = v.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  return [error.validationContext === 'body' ? '' : error.validationContext, path, child].filter(Boolean).join('.') || 'body';
}

function typedError(error: FastifyError): RequestError {
  if (error instanceof RequestError) return error;
  if (error.validation) {
    const v = error.validation[0];
    const code = v?.keyword === 'additionalProperties' ? 'node.unknown_field' : v?.keyword === 'required' ? 'node.missing_field' : 'node.invalid_field';
    return new RequestError(400, code, validationField(error), v?.message ?? error.message);
  }
  if (error.statusCode === 413) return new RequestError(413, 'node.body_too_large', 'body', error.message);
  if (error.statusCode === 415) return new RequestError(415, 'node.unsupported_media_type', 'content-type', error.message);
  if (error.statusCode === 429) return new RequestError(429, 'node.rate_limited', undefined, error.message);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return new RequestError(error.statusCode, 'node.malformed_request', 'body', error.message);
  return new RequestError(500, 'node.internal_error', undefined, 'the node failed to handle the request');
}

export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const { store, pipeline, client, metrics } = options;
  // No request logging: bodies and headers stay out of logs. ajv must reject, not strip, unknown
  // fields, and not coerce types.
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  await app.register(rateLimit, { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMs });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const typed = typedError(error);
    metrics.count(`zkr_node_requests_refused_total{code="${typed.code}"}`);
    void reply.status(typed.statusCode).send(typed.toJSON());
  });

  const admit = (body: SignedOperationJson) =>
    pipeline.exclusive(async () => {
      const op = postedOperation(body);
      const key = signatureKey(op);
      const existing = await store.operationBySignature(key);
      if (existing !== undefined)
        throw new RequestError(409, 'node.replayed_operation', 'signature', `this signed operation was already accepted as operation ${existing}`, {
          operationId: existing,
        });
      pipeline.pending.admit(body, op);
      try {
        return await store.accept(body, key);
      } catch (error) {
        // Not stored: the pending state must forget it again.
        void pipeline.rebuildPending();
        if (error instanceof DuplicateOperationError)
          throw new RequestError(409, 'node.replayed_operation', 'signature', error.message, { operationId: error.existingId });
        throw error;
      }
    });

  for (const [url, schema] of [
    ['/transfers', transferBody],
    ['/withdrawals', withdrawBody],
  ] as const) {
    app.post(url, { schema: { body: schema } }, async (request, reply) => {
      const id = await admit(request.body as SignedOperationJson);
      metrics.count('zkr_node_operations_accepted_total');
      return reply.status(202).send({ id, status: 'accepted' });
    });
  }

  app.get('/operations/:id', { schema: { params: idParams } }, async (request) => {
    const id = Number((request.params as { id: string }).id);
    const op = await store.operation(id);
    if (!op) throw new RequestError(404, 'node.unknown_operation', 'id', `no operation ${id}`);
    const [batch] = op.batchNumber === null ? [] : await store.batchesNumbered([op.batchNumber]);
    return {
      id: op.id,
      status: op.status,
      reason: op.reason,
      batch: op.batchNumber,
      txHash: batch?.txHash ?? null,
      operation: op.body,
      acceptedAt: op.acceptedAt.toISOString(),
    };
  });

  app.get('/accounts/:index', { schema: { params: indexParams } }, async (request) => {
    const index = Number((request.params as { index: string }).index);
    const pending = pipeline.pending.account(index);
    if (!pending) throw new RequestError(404, 'node.unknown_account', 'index', `no account ${index} on L2 (pending state)`);
    const verified = pipeline.confirmed.state.account(index);
    const owner = (await client.contract.getFunction('accountOwner')(index)) as string;
    return {
      index,
      tokenId: pending.tokenId.toString(),
      balance: pending.balance.toString(),
      nonce: pending.nonce.toString(),
      publicKey: { ax: pending.ax.toString(), ay: pending.ay.toString() },
      verified: verified ? { balance: verified.balance.toString(), nonce: verified.nonce.toString() } : null,
      owner,
    };
  });

  app.get('/batches', { schema: { querystring: batchesQuery } }, async (request) => {
    const query = request.query as { limit?: string; before?: string };
    const batches = await store.batches({ limit: Number(query.limit ?? 20), ...(query.before === undefined ? {} : { before: Number(query.before) }) });
    return {
      batches: batches.map((b) => ({
        number: b.number,
        batchSize: b.batchSize,
        status: b.status,
        operations: b.operationIds,
        slotsUsed: b.operations.length,
        newRoot: b.newRoot.toString(),
        txHash: b.txHash,
      })),
    };
  });

  app.get('/health', async () => ({
    status: 'ok',
    verifiedBatches: pipeline.confirmed.batches,
    l1Block: pipeline.confirmed.block,
    root: pipeline.confirmed.state.root.toString(),
    inFlight: pipeline.liveTransaction?.hash ?? null,
  }));

  app.get('/metrics', async (_request, reply) => {
    const counts = await store.countByStatus();
    const gauges = Object.fromEntries(Object.entries(counts).map(([status, n]) => [`zkr_node_operations{status="${status}"}`, n]));
    return reply.type('text/plain; version=0.0.4').send(metrics.render({ ...gauges, zkr_node_verified_batches: pipeline.confirmed.batches }));
  });

  return app;
}
