// The reference handler's logic with what the determinism tiers are about in its result
// item: the wall clock, a random UUID and Math.random() (`handler`); a 2 s sleep per record
// (`sleeper`); and the remaining time before and after a store call (`remaining`).
// Without the shim two runs of one seed write different items; with it they cannot.
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import { parseOrder, resultItem, tables } from '../../../examples/node/orders.mjs';

// The SDK from the example's packages (examples/node/node_modules).
const require = createRequire(new URL('../../../examples/node/package.json', import.meta.url));
const { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});

const alreadyRecorded = (e) =>
  e?.name === 'TransactionCanceledException' && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';

async function record(o, extra) {
  const { results, totals } = tables();
  await client.send(new TransactWriteItemsCommand({
    TransactItems: [
      { Put: { TableName: results, Item: { ...resultItem(o), ...extra },
               ConditionExpression: 'attribute_not_exists(pk)' } },
      { Update: { TableName: totals, Key: { pk: { S: o.customerId } }, UpdateExpression: 'ADD #total :amount',
                  ExpressionAttributeNames: { '#total': 'total' },
                  ExpressionAttributeValues: { ':amount': { N: String(o.amount) } } } },
    ],
  }));
}

async function each(event, extraOf) {
  const batchItemFailures = [];
  for (const r of event.Records) {
    const o = parseOrder(r.body);
    if (!o || o.poison) {
      batchItemFailures.push({ itemIdentifier: r.messageId });
      continue;
    }
    try {
      await record(o, await extraOf());
    } catch (e) {
      if (!alreadyRecorded(e)) batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const handler = (event) =>
  each(event, async () => ({
    seenAt: { N: String(Date.now()) },
    uuid: { S: crypto.randomUUID() },
    draw: { N: String(Math.random()) },
    elapsed: { N: String(Math.round(performance.now())) },
  }));

export const sleeper = (event) =>
  each(event, async () => {
    const before = Date.now();
    await sleep(2000);
    return { sleptMs: { N: String(Date.now() - before) } };
  });

export const remaining = async (event, context) => {
  const first = context.getRemainingTimeInMillis();
  await client.send(new GetItemCommand({ TableName: tables().totals, Key: { pk: { S: 'nobody' } } }));
  const after = context.getRemainingTimeInMillis();
  return each(event, async () => ({ remainingBefore: { N: String(first) }, remainingAfter: { N: String(after) } }));
};
