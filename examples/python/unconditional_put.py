"""BUG (on purpose): a plain PutItem without a condition and a separate ADD to the total, like
slsim's zoo/unconditional_put. Every redelivery adds the amount again.
MUST BE CAUGHT BY: exactly_once."""
import boto3

from orders import add_to_total, parse_order, result_item, tables

client = boto3.client("dynamodb")


def handler(event, context):
    results, totals = tables()
    failures = []
    for record in event["Records"]:
        o = parse_order(record["body"])
        if o is None or o["poison"]:
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        try:
            client.put_item(TableName=results, Item=result_item(o))
            client.update_item(**add_to_total(o, totals))
        except Exception:  # noqa: BLE001
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
