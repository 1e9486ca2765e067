// The real Powertools for AWS Lambda (TypeScript) idempotency utility, unmodified from npm
// (@aws-lambda-powertools/idempotency, pinned in package.json), in its SAFE configuration.
//
// Each order is processed by `makeIdempotent(recordOrder, …)` keyed by the client's requestId
// (`eventKeyJmesPath: 'requestId'`), with the Lambda context registered so that an in-progress
// record left by a timed-out or crashed invocation expires at that invocation's deadline
// (Powertools sets `in_progress_expiration = Date.now() + context.getRemainingTimeInMillis()`,
// BasePersistenceLayer.saveInProgress). The store is slsim's `idempotency` table (partition key
// `pk`, TTL attribute `expires_at`), so the layer is told `keyAttr: 'pk'`, `expiryAttr: 'expires_at'`.
// Powertools also deletes its record when the function throws: the handler role needs
// dynamodb:DeleteItem (examples/scenarios/powertools.json; the built-in role lacks it).
//
// Why this is safe: the business write itself is idempotent. The result item is put under the
// condition `attribute_not_exists(pk)` in ONE transaction with the customer's total, as in
// index.mjs. Powertools' record and the business write are two separate writes: an invocation
// that times out (or crashes) after the transaction committed but before Powertools' saveSuccess
// leaves an INPROGRESS record; once its in-progress expiry passes, the next delivery takes the
// record over and runs recordOrder again (Powertools re-executes by design). The conditional put
// makes that second run a no-op. Powertools then only spares the store the second transaction
// and returns the stored response. See powertools_unsafe.mjs for the same handler without it.
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

const alreadyRecorded = (e) =>
  e?.name === 'TransactionCanceledException' && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';

const recordOrder = makeIdempotent(
  async (o) => {
    const { results, totals } = tables();
    try {
      await client.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: results, Item: resultItem(o), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: totals, Key: { pk: { S: o.customerId } }, UpdateExpression: 'ADD #total :amount',
                      ExpressionAttributeNames: { '#total': 'total' },
                      ExpressionAttributeValues: { ':amount': { N: String(o.amount) } } } },
        ],
      }));
    } catch (e) {
      if (!alreadyRecorded(e)) throw e;
    }
    return { requestId: o.requestId, status: 'processed' };
  },
  { persistenceStore, config },
);

export async function handler(event, context) {
  config.registerLambdaContext(context);
  return processBatch(event, recordOrder, parseOrder, correlationOf);
}
