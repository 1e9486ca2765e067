"""The business logic shared by the Python example handlers: the same order validation and
transform as slsim's C++ reference handler (examples/src/reference_transform.cpp)."""
import json
import os
import re

_FRACTIONAL_AMOUNT = re.compile(r'"amount"\s*:\s*-?\d+[.eE]')


def parse_order(body):
    try:
        j = json.loads(body)
    except ValueError:
        return None
    if not isinstance(j, dict):
        return None

    def text(key):
        v = j.get(key)
        return v if isinstance(v, str) and v else None

    request_id, customer_id, amount = text("requestId"), text("customerId"), j.get("amount")
    if not request_id or not customer_id or type(amount) is not int or _FRACTIONAL_AMOUNT.search(body):
        return None
    if amount < 0 or amount > 1_000_000_000:
        return None
    if "poison" in j and not isinstance(j["poison"], bool):
        return None
    return {"requestId": request_id, "customerId": customer_id, "amount": amount, "poison": j.get("poison") is True}


def result_item(o):
    amount = o["amount"]
    tier = "gold" if amount >= 10_000 else "silver" if amount >= 1_000 else "bronze"
    return {"pk": {"S": o["requestId"]}, "customerId": {"S": o["customerId"]}, "amount": {"N": str(amount)},
            "amountCents": {"N": str(amount * 100)}, "tier": {"S": tier}, "status": {"S": "processed"}}


def tables():
    return os.environ.get("RESULT_TABLE", "results"), os.environ.get("TOTALS_TABLE", "totals")


def add_to_total(o, totals):
    return {"TableName": totals, "Key": {"pk": {"S": o["customerId"]}}, "UpdateExpression": "ADD #total :amount",
            "ExpressionAttributeNames": {"#total": "total"},
            "ExpressionAttributeValues": {":amount": {"N": str(o["amount"])}}}
