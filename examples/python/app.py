"""The reference handler in Python (boto3), with the same logic as slsim's C++ and Node.js
reference handlers: each order recorded exactly once, keyed by requestId, in one transaction
with the customer's total; poison and malformed messages fail permanently; other failures
report just that message; on a FIFO queue a failed record holds back the rest of its group."""
import boto3
from botocore.exceptions import ClientError

from orders import add_to_total, parse_order, result_item, tables

client = boto3.client("dynamodb")


def already_recorded(e):
    error = e.response.get("Error", {})
    reasons = e.response.get("CancellationReasons") or []
    return error.get("Code") == "TransactionCanceledException" and reasons and \
        reasons[0].get("Code") == "ConditionalCheckFailed"


def handler(event, context):
    results, totals = tables()
    failures, failed_groups = [], set()

    def fail(record):
        failures.append({"itemIdentifier": record["messageId"]})
        group = record.get("attributes", {}).get("MessageGroupId")
        if group is not None:
            failed_groups.add(group)

    for record in event["Records"]:
        group = record.get("attributes", {}).get("MessageGroupId")
        if group is not None and group in failed_groups:
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        o = parse_order(record["body"])
        if o is None or o["poison"]:
            fail(record)
            continue
        try:
            client.transact_write_items(TransactItems=[
                {"Put": {"TableName": results, "Item": result_item(o),
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Update": add_to_total(o, totals)},
            ])
        except ClientError as e:
            if not already_recorded(e):
                fail(record)
        except Exception:  # noqa: BLE001 - a connection reset after retries: retry the message later
            fail(record)
    return {"batchItemFailures": failures}
