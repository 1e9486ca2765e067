// The SQS batch loop shared by the Powertools handlers: poison and malformed messages fail for
// good through the partial batch response, a failure of one order (including Powertools'
// IdempotencyAlreadyInProgressError while another delivery holds the record) reports just that
// message, and on a FIFO queue a failed record holds back the rest of its group.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const client = new DynamoDBClient({});

export async function processBatch(event, recordOrder, parseOrder, correlationOf) {
  const batchItemFailures = [];
  const failedGroups = new Set();
  const fail = (record) => {
    batchItemFailures.push({ itemIdentifier: record.messageId });
    const group = record.attributes?.MessageGroupId;
    if (group !== undefined) failedGroups.add(group);
  };
  for (const record of event.Records) {
    const group = record.attributes?.MessageGroupId;
    if (group !== undefined && failedGroups.has(group)) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const o = parseOrder(record.body);
    if (!o || o.poison) {
      console.log(`correlationId=${correlationOf(record)} messageId=${record.messageId} rejected`);
      fail(record);
      continue;
    }
    try {
      await recordOrder(o);
    } catch (e) {
      console.log(`correlationId=${correlationOf(record)} requestId=${o.requestId} retry later: ${e.name}: ${e.message}`);
      fail(record);
    }
  }
  return { batchItemFailures };
}
