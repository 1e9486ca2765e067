"""The reference handler's logic with what the determinism tiers are about in its result
item: time.time() and uuid.uuid4() (`handler`), or a 2 s time.sleep per record (`sleeper`).
Without the shim two runs of one seed write different items; with it they cannot."""
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples", "python"))

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from orders import add_to_total, parse_order, result_item, tables  # noqa: E402

client = boto3.client("dynamodb")


def _each(event, extra_of):
    results, totals = tables()
    failures = []
    for record in event["Records"]:
        o = parse_order(record["body"])
        if o is None or o["poison"]:
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        try:
            item = dict(result_item(o), **extra_of())
            client.transact_write_items(TransactItems=[
                {"Put": {"TableName": results, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Update": add_to_total(o, totals)},
            ])
        except ClientError as e:
            reasons = e.response.get("CancellationReasons") or []
            if not (reasons and reasons[0].get("Code") == "ConditionalCheckFailed"):
                failures.append({"itemIdentifier": record["messageId"]})
        except Exception:  # noqa: BLE001 - a connection reset after retries: retry later
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def handler(event, context):
    return _each(event, lambda: {"seenAt": {"N": repr(time.time())}, "uuid": {"S": str(uuid.uuid4())}})


def _slept():
    before = time.monotonic()
    time.sleep(2)
    return {"sleptMs": {"N": str(round((time.monotonic() - before) * 1000))}}


def sleeper(event, context):
    return _each(event, _slept)
