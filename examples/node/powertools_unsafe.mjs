// BUG (on purpose): the real Powertools idempotency utility (unmodified, from npm) trusted as
// the only guard of a non-idempotent write, with the in-progress expiry tied to the remaining
// time. MUST BE CAUGHT BY: exactly_once (a duplicate total), with the shim (--shim).
//
// The configuration: `makeIdempotent(recordOrder, …)` keyed by requestId and
// `config.registerLambdaContext(context)`, the setup Powertools' documentation recommends for
// timeouts. The write: one transaction that puts the result and ADDs the amount to the
// customer's total, WITHOUT a condition on the result item (atomic, but not idempotent).
//
// Why it is unsafe (node_modules/@aws-lambda-powertools/idempotency/lib/esm/):
//   1. saveInProgress writes {status: INPROGRESS, in_progress_expiration: Date.now() +
//      context.getRemainingTimeInMillis()} (BasePersistenceLayer.saveInProgress) — i.e. the
//      invocation's deadline.
//   2. recordOrder's transaction commits.
//   3. saveSuccess (an UpdateItem to COMPLETED) is a separate call. If the invocation times out
//      or its environment crashes between 2 and 3 — a slow store, a long batch, a crash — the
//      record stays INPROGRESS.
//   4. The message comes back after its visibility timeout (which SQS requires to be at least
//      the function timeout, so always after that deadline). DynamoDBPersistenceLayer._putRecord's
//      condition `#status = :inprogress AND #in_progress_expiry < :now_in_millis` now holds, the
//      new delivery takes the record over and runs recordOrder again: the amount is added twice.
// Powertools re-executes on purpose here (at-least-once for the idempotent function; without
// the Lambda context the record would block the key until `expiresAfterSeconds` and the order
// would end in the DLQ instead). The fix is powertools_idempotent.mjs: make the write itself
// conditional.
//
// Why the shim matters: the expiry and `:now_in_millis` come from Date.now(), and the remaining
// time from the deadline header minus Date.now(). Under --shim Date.now() is the virtual clock,
// so the in-progress record expires exactly at the simulated deadline, as on AWS.
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { parseOrder, resultItem, tables, correlationOf } from './orders.mjs';
import { client, processBatch } from './powertools_batch.mjs';

const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: process.env.IDEMPOTENCY_TABLE ?? 'idempotency',
  keyAttr: 'pk',
  expiryAttr: 'expires_at',
  awsSdkV3Client: client,
});
const config = new IdempotencyConfig({ eventKeyJmesPath: 'requestId' });

const recordOrder = makeIdempotent(
  async (o) => {
    const { results, totals } = tables();
    await client.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: results, Item: resultItem(o) } },
        { Update: { TableName: totals, Key: { pk: { S: o.customerId } }, UpdateExpression: 'ADD #total :amount',
                    ExpressionAttributeNames: { '#total': 'total' },
                    ExpressionAttributeValues: { ':amount': { N: String(o.amount) } } } },
      ],
    }));
    return { requestId: o.requestId, status: 'processed' };
  },
  { persistenceStore, config },
);

export async function handler(event, context) {
  config.registerLambdaContext(context);
  return processBatch(event, recordOrder, parseOrder, correlationOf);
}
