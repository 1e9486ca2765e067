"""A minimal custom runtime for Python: the Lambda Runtime API loop (L16) around an
unmodified handler module. Usage: python3 bootstrap.py <module>.<function> (default: $_HANDLER).

boto3 before 1.28 (Debian 12's python3-boto3 is 1.26) does not read AWS_ENDPOINT_URL_DYNAMODB;
this bootstrap gives such clients the endpoint itself, so the handler needs no change. Newer
boto3 reads the variable on its own and the patch does nothing.
"""
import http.client
import importlib
import json
import os
import sys
import traceback

BASE = "/2018-06-01/runtime"


def _point_old_boto3_at_the_endpoint():
    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
    try:
        import botocore.session
    except ImportError:
        return
    if not endpoint:
        return
    original = botocore.session.Session.create_client

    def create_client(self, service_name, *args, **kwargs):
        if service_name == "dynamodb" and kwargs.get("endpoint_url") is None and len(args) < 5:
            kwargs["endpoint_url"] = endpoint
        return original(self, service_name, *args, **kwargs)

    botocore.session.Session.create_client = create_client


class RuntimeApi:
    def __init__(self, address):
        host, port = address.split(":")
        self.connection = http.client.HTTPConnection(host, int(port))

    def call(self, method, route, body=None, headers=None):
        payload = None if body is None else body.encode()
        self.connection.request(method, BASE + route, body=payload, headers=headers or {})
        response = self.connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()


def error_document(e):
    return json.dumps({"errorType": type(e).__name__, "errorMessage": str(e),
                       "stackTrace": traceback.format_tb(e.__traceback__)[-5:]})


def main():
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    spec = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("_HANDLER", "app.handler")
    module_name, _, function_name = spec.rpartition(".")
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()))
    sys.path.insert(1, os.path.dirname(os.path.abspath(__file__)))
    _point_old_boto3_at_the_endpoint()
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except Exception as e:  # noqa: BLE001 - every import failure is an init error
        api.call("POST", "/init/error", error_document(e),
                 {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)
    while True:
        _, headers, body = api.call("GET", "/invocation/next")
        headers = {k.lower(): v for k, v in headers.items()}
        request_id = headers["lambda-runtime-aws-request-id"]
        try:
            result = handler(json.loads(body), None)
            api.call("POST", f"/invocation/{request_id}/response", json.dumps(result))
        except Exception as e:  # noqa: BLE001 - reported to the Runtime API like the managed runtime
            api.call("POST", f"/invocation/{request_id}/error", error_document(e),
                     {"Lambda-Runtime-Function-Error-Type": "Unhandled"})


if __name__ == "__main__":
    main()
