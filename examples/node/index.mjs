// The reference handler in Node.js, with the same logic as slsim's C++ reference handler
// (examples/src/reference_handler.cpp): each order is recorded exactly once, keyed by the
// client's requestId, in one transaction with the customer's total; poison and malformed
// messages fail permanently through the partial batch response; any other failure reports
// just that message; on a FIFO queue a failed record holds back the rest of its group.
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { parseOrder, resultItem, tables, correlationOf } from './orders.mjs';

const client = new DynamoDBClient({});

const alreadyRecorded = (e) =>
  e?.name === 'TransactionCanceledException' && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';

export async function handler(event) {
  const { results, totals } = tables();
  const batchItemFailures = [];
  const failedGroups = new Set();
  const fail = (record) => {
    batchItemFailures.push({ itemIdentifier: record.messageId });
    const group = record.attributes?.MessageGroupId;
    if (group !== undefined) failedGroups.add(group);
  };
  for (const record of event.Records) {
    const correlation = correlationOf(record);
    const group = record.attributes?.MessageGroupId;
    if (group !== undefined && failedGroups.has(group)) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const o = parseOrder(record.body);
    if (!o || o.poison) {
      console.log(`correlationId=${correlation} messageId=${record.messageId} rejected`);
      fail(record);
      continue;
    }
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
      if (!alreadyRecorded(e)) {
        console.log(`correlationId=${correlation} requestId=${o.requestId} retry later: ${e.name}`);
        fail(record);
      }
    }
  }
  return { batchItemFailures };
}
