// BUG (on purpose): a plain PutItem without a condition and a separate ADD to the total,
// like slsim's zoo/unconditional_put. Every redelivery adds the amount again.
// MUST BE CAUGHT BY: exactly_once.
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { parseOrder, resultItem, tables } from './orders.mjs';

const client = new DynamoDBClient({});

export async function handler(event) {
  const { results, totals } = tables();
  const batchItemFailures = [];
  for (const record of event.Records) {
    const o = parseOrder(record.body);
    if (!o || o.poison) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await client.send(new PutItemCommand({ TableName: results, Item: resultItem(o) }));
      await client.send(new UpdateItemCommand({
        TableName: totals, Key: { pk: { S: o.customerId } }, UpdateExpression: 'ADD #total :amount',
        ExpressionAttributeNames: { '#total': 'total' }, ExpressionAttributeValues: { ':amount': { N: String(o.amount) } },
      }));
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
